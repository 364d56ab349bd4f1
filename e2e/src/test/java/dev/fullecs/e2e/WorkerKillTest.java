package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** F15: kill -9 of the only worker during the snapshots; a new worker finishes with nothing duplicated. */
@ExtendWith(WallTime.class)
class WorkerKillTest {
  static RealStack stack;

  @BeforeAll
  static void up() {
    stack = RealStack.start("worker-kill", "--fixed-snapshot-seconds", "15", "--fixed-backup-seconds", "3");
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aWorkerKilledDuringTheSnapshotsIsReplacedAndTheImageHasOneSnapshotPerDisk() {
    String workflowId = stack.create("kill-worker-1", "ecs-web-01", "vault-backup", "web-01-kill");
    Creations.awaitPendingActivity(stack, workflowId, "AwaitSnapshot", true, Duration.ofSeconds(60));
    RealStack.waitFor("three snapshots are being taken", Duration.ofSeconds(30), null,
        () -> stack.snapshotsOf("ecs-web-01").size() == 3);
    assertThat(stack.snapshotsOf("ecs-web-01")).allMatch(s -> s.path("status").asText().equals("creating"));

    stack.killWorker("worker-1");
    stack.startWorker("worker-2");

    // The server notices the dead worker by the snapshot waits' heartbeat timeout (60 s).
    assertThat(Creations.awaitClosed(stack, workflowId, Duration.ofSeconds(180)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    CloudChecks.assertCompleteImage(stack, Creations.imageId(stack, workflowId), "ecs-web-01");
    assertThat(RealStack.countLines(stack.log("worker-2"), "activity AwaitSnapshot started"))
        .as("the new worker took the snapshot activities over").isGreaterThanOrEqualTo(1);
    assertThat(RealStack.countLines(stack.log("worker-2"), "activity AwaitBackup started")).isEqualTo(1);
  }
}
