package dev.fullecs.starter;

import static dev.fullecs.starter.CloudAssertions.assertOneSnapshotPerDisk;
import static dev.fullecs.starter.CloudAssertions.assertUnlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.ImageWorkflows;
import io.temporal.api.enums.v1.PendingActivityState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** F15: a worker that stops in the middle of the snapshots loses nothing and duplicates nothing. */
class WorkerRestartTest {
  @TempDir Path dir;
  Stack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aWorkerRestartedDuringTheSnapshotsFinishesWithOneSnapshotPerDiskAndOneBackup() throws Exception {
    stack = Stack.startWithoutWorker(dir, 1.0);
    stack.startWorker(Stack.withoutStickyQueue());
    Stack.Run started = stack.create("restart-1", "web-restart");
    assertThat(started.exitCode()).as(started.toString()).isZero();
    String workflowId = ImageWorkflows.workflowId(Stack.TENANT, "restart-1");

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
        stack.client().newUntypedWorkflowStub(workflowId).describe().getRawDescription()
            .getPendingActivitiesList().stream()
            .anyMatch(p -> p.getActivityType().getName().equals("AwaitSnapshot")
                && p.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED));
    assertThat(stack.cloud.snapshotsOfServer(Stack.SERVER)).isNotEmpty();

    stack.stopWorker();
    stack.startWorker(Stack.withoutStickyQueue());

    CreationResult result = stack.client().newUntypedWorkflowStub(workflowId)
        .getResult(120, TimeUnit.SECONDS, CreationResult.class);

    assertThat(result.imageStatus()).isEqualTo("NORMAL");
    assertOneSnapshotPerDisk(stack.cloud, Stack.SERVER);
    assertThat(stack.cloud.backupsOfServer(Stack.SERVER)).hasSize(1);
    assertThat(stack.cloud.image(result.imageId()).path("status").asText()).isEqualTo("NORMAL");
    assertUnlocked(stack.cloud, Stack.SERVER);
  }
}
