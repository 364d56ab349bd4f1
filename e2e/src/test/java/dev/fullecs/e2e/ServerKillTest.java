package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.testkit.CliResult;
import dev.fullecs.testkit.CloudApi;
import dev.fullecs.testkit.Processes;
import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Durability: kill -9 of the dev server during the backup, restart on the same database file. */
@ExtendWith(WallTime.class)
class ServerKillTest {
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(
      Stack.dev().emulatorOptions("--fixed-snapshot-seconds", "2", "--fixed-backup-seconds", "20"));

  @Test
  void aDevServerKilledDuringTheBackupAndRestartedOnItsFileFinishesTheCreation(Stack stack) {
    String workflowId = stack.create("kill-server-1", "ecs-web-01", "vault-backup", "web-01-durable");
    Creations.awaitPendingActivity(stack, workflowId, "AwaitBackup", false, Duration.ofSeconds(60));
    Processes.waitFor("the backup is running in the cloud", Duration.ofSeconds(30), null,
        () -> !stack.cloud().backupsOf("ecs-web-01").isEmpty());
    assertThat(stack.cloud().backupsOf("ecs-web-01").get(0).path("status").asText()).isEqualTo("protecting");

    long killed = stack.pid("temporal");
    stack.kill9("temporal");
    Processes.sleep(Duration.ofSeconds(2));
    stack.start("temporal");
    assertThat(stack.pid("temporal")).isNotEqualTo(killed);

    assertThat(Creations.awaitClosed(stack, workflowId, Duration.ofSeconds(180)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    CloudChecks.assertCompleteImage(stack, Creations.imageId(stack, workflowId), "ecs-web-01");
    CliResult listed = stack.temporal("workflow", "list", "--query", "EcsId=\"ecs-web-01\"", "-o", "json");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    assertThat(CloudApi.list(listed.json())).hasSize(1);
  }
}
