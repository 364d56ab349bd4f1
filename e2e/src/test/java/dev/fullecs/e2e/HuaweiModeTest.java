package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.ResourceFilter;
import dev.fullecs.cloud.huaweicloud.HuaweiImageCloud;
import dev.fullecs.cloud.huaweicloud.HuaweiSettings;
import dev.fullecs.testkit.CliResult;
import dev.fullecs.testkit.Processes;
import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import dev.fullecs.contract.ImageWorkflows;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13 on the real dev server: the worker and the starter processes run with {@code
 * FULLECS_CLOUD=huaweicloud}, the official SDK pointed at the emulator's Huawei API (testkit {@code
 * Stack.Spec.huaweiCloud}). A creation to the end, a cancel while the CBR checkpoint runs, and a
 * worker kill -9 during the snapshots; each ends with the cloud exactly right, read back through the
 * SDK (the IMS image by its tag) and from the emulator's own record (locks, snapshots, backups).
 * One server per test, so each test's checks see only its own creation.
 */
@ExtendWith(WallTime.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HuaweiModeTest {
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(Stack.dev().huaweiCloud(true)
      .emulatorOptions("--fixed-snapshot-seconds", "15", "--fixed-backup-seconds", "10"));

  /** The same SDK path the worker takes, as the image service of the tenant's project. */
  static HuaweiImageCloud sdk(Stack stack) {
    return new HuaweiImageCloud(new HuaweiSettings(Stack.REGION,
        List.of("cn-north-4a", "cn-north-4b", "cn-north-4c"), Optional.of(stack.cloudUrl()),
        Map.of(Stack.TENANT, new HuaweiSettings.Credential("EMUIMAGESVC000000001",
            "emulator-secret-key-of-image-svc-0000001", Stack.TENANT)),
        Duration.ofMillis(200), Duration.ofSeconds(10), 3, "s6.large.2"));
  }

  /** A fresh healthy server of the tenant (two data disks). */
  static String freshServer(Stack stack) {
    return stack.cloud().generate(1, 2).path("server_ids").path(0).asText();
  }

  /** The creation's one checkpoint backup is available, its image NORMAL in every AZ, one snapshot per disk, unlocked. */
  static void assertCompleteOnHuawei(Stack stack, String workflowId, String server) {
    String imageId = Creations.imageId(stack, workflowId);
    Image image = sdk(stack).image(Stack.TENANT, imageId);
    assertThat(image.status()).isEqualTo(Image.NORMAL);
    List<JsonNode> backups = stack.cloud().backupsOf(server);
    assertThat(backups).as("one CBR checkpoint backup of %s, not two", server).hasSize(1);
    assertThat(backups.get(0).path("status").asText()).isEqualTo("available");
    assertThat(image.backupId()).isEqualTo(backups.get(0).path("id").asText());
    CloudChecks.assertOneSnapshotPerDisk(stack, server);
    CloudChecks.assertUnlocked(stack, server);
  }

  @Test
  @Order(1)
  void aCreationThroughTheSdkEndsNormalInTheRegion(Stack stack) {
    String server = freshServer(stack);
    String workflowId = stack.create("hw-happy-1", server, "vault-load", "hw-happy");
    assertThat(Creations.awaitClosed(stack, workflowId, Duration.ofSeconds(240)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertCompleteOnHuawei(stack, workflowId, server);
    assertThat(Processes.countLines(stack.log("worker-1"), "cloud HuaweiImageCloud["))
        .as("the worker runs on the SDK").isEqualTo(1);
    assertThat(Processes.countLines(stack.log("worker-1"), "emulator-secret-key-of-image-svc"))
        .as("no secret key in the worker's log").isZero();
  }

  @Test
  @Order(2)
  void aCancelWhileTheCheckpointRunsMakesNoImageKeepsTheBackupAndUnlocks(Stack stack) {
    String server = freshServer(stack);
    String workflowId = stack.create("hw-cancel-1", server, "vault-load", "hw-cancelled");
    Creations.awaitPendingActivity(stack, workflowId, "AwaitSnapshot", false, Duration.ofSeconds(90));
    Processes.waitFor("the checkpoint's backup exists", Duration.ofSeconds(30), null,
        () -> !stack.cloud().backupsOf(server).isEmpty());

    CliResult cancel = stack.temporal("workflow", "cancel", "--workflow-id", workflowId);
    assertThat(cancel.exitCode()).as(cancel.toString()).isZero();

    assertThat(Creations.awaitClosed(stack, workflowId, Duration.ofSeconds(180)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    CloudChecks.assertUnlocked(stack, server);
    assertThat(sdk(stack).images(Stack.TENANT, ResourceFilter.all().withName("hw-cancelled")))
        .as("IMS made no image").isEmpty();
    List<JsonNode> backups = stack.cloud().backupsOf(server);
    assertThat(backups).as("the checkpoint's backup is kept, and only it").hasSize(1);
    Processes.waitFor("the kept backup completes (CBR cannot cancel it)", Duration.ofSeconds(60), null,
        () -> sdk(stack).backup(Stack.TENANT, backups.get(0).path("id").asText()).isAvailable()
            && !Backup.PROTECTING.equals(sdk(stack).backup(Stack.TENANT, backups.get(0).path("id").asText()).status()));
    JsonNode retained = Creations.retained(stack, workflowId);
    assertThat(retained).as("the memo says what was kept").isNotNull();
    assertThat(retained.path("backupId").asText()).isEqualTo(backups.get(0).path("id").asText());
  }

  @Test
  @Order(3)
  void aWorkerKilledDuringTheSnapshotsIsReplacedAndTheCheckpointIsNotTakenTwice(Stack stack) {
    String server = freshServer(stack);
    String workflowId = stack.create("hw-kill-1", server, "vault-load", "hw-kill");
    Creations.awaitPendingActivity(stack, workflowId, "AwaitSnapshot", true, Duration.ofSeconds(90));

    stack.kill9("worker-1");
    String replacement = stack.addWorker();

    // the server notices the dead worker by the snapshot waits' heartbeat timeout
    assertThat(Creations.awaitClosed(stack, workflowId, Duration.ofSeconds(240)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertCompleteOnHuawei(stack, workflowId, server);
    assertThat(Processes.countLines(stack.log(replacement), "activity AwaitBackup started")
        + Processes.countLines(stack.log(replacement), "activity AwaitSnapshot started"))
        .as("the new worker took the waits over").isGreaterThanOrEqualTo(1);
  }
  /**
   * F3 on Huawei: the Nova lock has no holder and answers 202 to a lock of a locked server, so two
   * creations of one server are kept apart by the first one's {@code ServerLockWorkflow}: the
   * second, which validated while the first's lock was in flight, is refused like F2's locked
   * server and locks nothing; the first makes the one image.
   */
  @Test
  @Order(4)
  void ofTwoCreationsOfOneServerTheSecondIsRefusedLikeALockedServerAndLocksNothing(Stack stack) {
    String server = freshServer(stack);
    // The Nova lock answers 10 s late: the second creation validates while the first's is in flight.
    stack.cloud().call("PUT", "/admin/faults",
        "{\"outage\":false,\"operations\":{\"nova_server_action\":{\"delay_ms\":10000}}}");
    String first;
    String second;
    try {
      first = stack.create("hw-race-1", server, "vault-load", "hw-race-1");
      Creations.awaitPendingActivity(stack, first, "LockEcs", false, Duration.ofSeconds(60));
      second = stack.create("hw-race-2", server, "vault-load", "hw-race-2");
      assertThat(Creations.awaitClosed(stack, second, Duration.ofSeconds(60)))
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
    } finally {
      stack.cloud().call("PUT", "/admin/faults", "{\"outage\":false,\"operations\":{}}");
    }
    List<HistoryEvent> refused = stack.client().fetchHistory(second).getEvents();
    assertThat(refused).extracting(HistoryEvent::getEventType)
        .as("the second could not start its ServerLockWorkflow")
        .contains(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED);
    assertThat(refused.stream().filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
            .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()))
        .as("the second locked nothing").containsExactly("ValidateCreation");
    assertThat(refused.get(refused.size() - 1).getWorkflowExecutionFailedEventAttributes()
            .getFailure().getMessage())
        .contains("ECS_LOCKED: server " + server + " is locked by another image");

    assertThat(Creations.awaitClosed(stack, first, Duration.ofSeconds(240)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertCompleteOnHuawei(stack, first, server);
    Processes.waitFor("the first let the server go", Duration.ofSeconds(30), null,
        () -> stack.client().newUntypedWorkflowStub(ImageWorkflows.serverLockWorkflowId(Stack.TENANT, server))
            .describe().getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }
}
