package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.testkit.CliResult;
import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, defect 7: {@code temporal workflow reset} of a creation is refused, on the real dev
 * server (the in-process test server cannot reset). The reset run would send the first run's
 * idempotency keys and get the cloud's recorded answers back; it stops at once instead, cleans up
 * like a failure, and never leaves the server locked.
 */
@ExtendWith(WallTime.class)
class ResetTest {
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(
      Stack.dev().emulatorOptions("--fixed-snapshot-seconds", "2", "--fixed-backup-seconds", "20"));

  private static CliResult reset(Stack stack, String workflowId) {
    CliResult reset =
        stack.temporal(
            "workflow", "reset", "--workflow-id", workflowId, "--type", "FirstWorkflowTask",
            "--reason", "e2e: a reset must be refused");
    assertThat(reset.exitCode()).as(reset.toString()).isZero();
    return reset;
  }

  private static ApplicationFailure failureOfLatestRun(Stack stack, String workflowId) {
    try {
      stack.client().newUntypedWorkflowStub(workflowId).getResult(90, TimeUnit.SECONDS, JsonNode.class);
    } catch (WorkflowFailedException e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
      return (ApplicationFailure) e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the reset run did not end within 90 s", e);
    }
    throw new AssertionError("the reset run completed; it must be refused");
  }

  @Test
  void aResetOfAFinishedCreationIsRefusedAndChangesNothing(Stack stack) {
    String workflowId = stack.create("reset-done-1", "ecs-single-disk", "vault-backup", "single-reset");
    assertThat(Creations.awaitClosed(stack, workflowId, Duration.ofSeconds(120)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    String imageId = Creations.imageId(stack, workflowId);
    JsonNode imageBefore = stack.cloud().image(imageId);
    List<JsonNode> snapshotsBefore = stack.cloud().snapshotsOf("ecs-single-disk");
    List<JsonNode> backupsBefore = stack.cloud().backupsOf("ecs-single-disk");

    reset(stack, workflowId);

    ApplicationFailure refused = failureOfLatestRun(stack, workflowId);
    assertThat(refused.getType()).isEqualTo("RESET_REFUSED");
    assertThat(refused.getOriginalMessage()).contains("cannot be reset").contains("request id");
    JsonNode image = stack.cloud().image(imageId);
    assertThat(image.path("status").asText()).isEqualTo("NORMAL");
    assertThat(image.path("available_azs")).isEqualTo(imageBefore.path("available_azs"));
    assertThat(image.path("snapshot_ids")).isEqualTo(imageBefore.path("snapshot_ids"));
    assertThat(stack.cloud().snapshotsOf("ecs-single-disk")).hasSameSizeAs(snapshotsBefore);
    assertThat(stack.cloud().backupsOf("ecs-single-disk")).hasSameSizeAs(backupsBefore);
    CloudChecks.assertUnlocked(stack, "ecs-single-disk");
  }

  @Test
  void aResetOfARunningCreationStopsItAndUnlocksTheServer(Stack stack) {
    String workflowId = stack.create("reset-running-1", "ecs-web-01", "vault-backup", "web-01-reset");
    Creations.awaitPendingActivity(stack, workflowId, "AwaitBackup", false, Duration.ofSeconds(60));
    String imageId = Creations.imageId(stack, workflowId);
    assertThat(stack.cloud().server("ecs-web-01").path("lock_holder").asText()).isEqualTo(imageId);

    reset(stack, workflowId);

    ApplicationFailure refused = failureOfLatestRun(stack, workflowId);
    assertThat(refused.getType()).isEqualTo("RESET_REFUSED");
    CloudChecks.assertUnlocked(stack, "ecs-web-01");
    JsonNode image = stack.cloud().image(imageId);
    assertThat(image.path("status").asText()).isEqualTo("ERROR");
    assertThat(image.path("failure_reason").asText()).contains("creation was reset");
    assertThat(image.path("retained_note").asText()).contains("kept 3 snapshots");
    CloudChecks.assertOneSnapshotPerDisk(stack, "ecs-web-01");
    assertThat(stack.cloud().backupsOf("ecs-web-01")).as("the backup is kept").hasSize(1);
  }
}
