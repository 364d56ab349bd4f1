package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.testkit.Processes;
import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** F15: kill -9 of the only worker during the snapshots; a new worker finishes with nothing duplicated. */
@ExtendWith(WallTime.class)
class WorkerKillTest {
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(
      Stack.dev().emulatorOptions("--fixed-snapshot-seconds", "15", "--fixed-backup-seconds", "3"));

  @Test
  void aWorkerKilledDuringTheSnapshotsIsReplacedAndTheImageHasOneSnapshotPerDisk(Stack stack) {
    String workflowId = stack.create("kill-worker-1", "ecs-web-01", "vault-backup", "web-01-kill");
    Creations.awaitPendingActivity(stack, workflowId, "AwaitSnapshot", true, Duration.ofSeconds(60));
    Processes.waitFor("three snapshots are being taken", Duration.ofSeconds(30), null,
        () -> stack.cloud().snapshotsOf("ecs-web-01").size() == 3);
    assertThat(stack.cloud().snapshotsOf("ecs-web-01")).allMatch(s -> s.path("status").asText().equals("creating"));

    stack.kill9("worker-1");
    assertThat(stack.addWorker()).isEqualTo("worker-2");

    // The server notices the dead worker by the snapshot waits' heartbeat timeout (60 s).
    assertThat(Creations.awaitClosed(stack, workflowId, Duration.ofSeconds(180)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    CloudChecks.assertCompleteImage(stack, Creations.imageId(stack, workflowId), "ecs-web-01");
    assertThat(Processes.countLines(stack.log("worker-2"), "activity AwaitSnapshot started"))
        .as("the new worker took the snapshot activities over").isGreaterThanOrEqualTo(1);
    assertThat(Processes.countLines(stack.log("worker-2"), "activity AwaitBackup started")).isEqualTo(1);
  }
}
