package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.testkit.CliResult;
import dev.fullecs.testkit.CloudApi;
import dev.fullecs.testkit.Processes;
import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** F11 through the Temporal CLI: a cancel during the backup deletes the image and keeps the rest. */
@ExtendWith(WallTime.class)
class CancelTest {
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(
      Stack.dev().emulatorOptions("--fixed-snapshot-seconds", "2", "--fixed-backup-seconds", "120"));

  @Test
  void temporalWorkflowCancelDuringTheBackupDeletesTheImageUnlocksAndKeepsSnapshotsAndBackup(Stack stack) {
    String workflowId = stack.create("cancel-1", "ecs-web-01", "vault-backup", "web-01-cancel");
    Creations.awaitPendingActivity(stack, workflowId, "AwaitBackup", false, Duration.ofSeconds(60));
    Processes.waitFor("the backup exists in the cloud", Duration.ofSeconds(30), null,
        () -> !stack.cloud().backupsOf("ecs-web-01").isEmpty());
    String imageId = Creations.imageId(stack, workflowId);

    CliResult cancel = stack.temporal("workflow", "cancel", "--workflow-id", workflowId);
    assertThat(cancel.exitCode()).as(cancel.toString()).isZero();

    assertThat(Creations.awaitClosed(stack, workflowId, Duration.ofSeconds(90)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);

    JsonNode image = stack.cloud().image(imageId);
    assertThat(image.path("status").asText()).isEqualTo("DELETED");
    CloudChecks.assertUnlocked(stack, "ecs-web-01");
    List<String> snapshots = CloudChecks.assertOneSnapshotPerDisk(stack, "ecs-web-01");
    List<JsonNode> backups = stack.cloud().backupsOf("ecs-web-01");
    assertThat(backups).hasSize(1);
    assertThat(backups.get(0).path("status").asText()).isIn("protecting", "available");
    assertThat(image.path("retained_note").asText()).contains(backups.get(0).path("id").asText());

    // the memo says what was kept, as the Web UI and `temporal workflow describe` show it
    JsonNode retained = Creations.retained(stack, workflowId);
    assertThat(retained).isNotNull();
    assertThat(retained.path("imageStatus").asText()).isEqualTo("DELETED");
    assertThat(CloudApi.list(retained.path("snapshotIds")).stream().map(JsonNode::asText).toList())
        .containsExactlyInAnyOrderElementsOf(snapshots);
    assertThat(retained.path("backupId").asText()).isEqualTo(backups.get(0).path("id").asText());
    CliResult described = stack.temporal("workflow", "describe", "--workflow-id", workflowId, "-o", "json");
    assertThat(described.exitCode()).as(described.toString()).isZero();
    assertThat(described.json().path("workflowExecutionInfo").path("memo").path("fields").has("retained"))
        .as(described.out()).isTrue();
  }
}
