package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Durability: kill -9 of the dev server during the backup, restart on the same database file. */
@ExtendWith(WallTime.class)
class ServerKillTest {
  static RealStack stack;

  @BeforeAll
  static void up() {
    stack = RealStack.start("server-kill", "--fixed-snapshot-seconds", "2", "--fixed-backup-seconds", "20");
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aDevServerKilledDuringTheBackupAndRestartedOnItsFileFinishesTheCreation() {
    String workflowId = stack.create("kill-server-1", "ecs-web-01", "vault-backup", "web-01-durable");
    Creations.awaitPendingActivity(stack, workflowId, "AwaitBackup", false, Duration.ofSeconds(60));
    RealStack.waitFor("the backup is running in the cloud", Duration.ofSeconds(30), null,
        () -> !stack.backupsOf("ecs-web-01").isEmpty());
    assertThat(stack.backupsOf("ecs-web-01").get(0).path("status").asText()).isEqualTo("protecting");

    stack.killTemporal();
    RealStack.sleep(Duration.ofSeconds(2));
    stack.startTemporal();

    assertThat(Creations.awaitClosed(stack, workflowId, Duration.ofSeconds(180)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    CloudChecks.assertCompleteImage(stack, Creations.imageId(stack, workflowId), "ecs-web-01");
    RealStack.CliResult listed = stack.temporalCommand("workflow", "list", "--query", "EcsId=\"ecs-web-01\"", "-o", "json");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    assertThat(RealStack.list(listed.json())).hasSize(1);
  }
}
