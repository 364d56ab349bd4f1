package dev.fullecs.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.Violation;
import dev.fullecs.validation.ValidationFailures;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.WorkflowReplayer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * F3 on a cloud whose lock has no holder (Huawei Cloud's Nova lock answers 202 to a lock of a
 * locked server): the creation holds the server with a {@code ServerLockWorkflow} child, so a
 * second creation of the same server is refused like F2's locked server, and the server is let go
 * once it is unlocked, whichever way the creation ends.
 */
class ServerLockWorkflowTest {
  private static final String SERVER = "ecs-web-01";
  private static final String HOLDER_ID = ImageWorkflows.serverLockWorkflowId("tenant-a", SERVER);
  private CreationTestEnv t;

  private FakeCloud start(FakeCloud fake) {
    t = CreationTestEnv.start(fake);
    return fake;
  }

  @AfterEach
  void tearDown() {
    if (t != null) {
      t.close();
    }
  }

  @Test
  void aSecondCreationOfAHeldServerIsRefusedLikeALockedServerAndLocksNothing() throws Exception {
    FakeCloud cloud = start(new FakeCloud(1).lockWithoutHolder().gate("awaitBackup"));
    WorkflowStub first = t.startCreation(request("req-a"));
    assertThat(cloud.awaitEntered("awaitBackup")).isTrue();
    assertThat(holderStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    WorkflowStub second = t.startCreation(request("req-b"));
    Throwable thrown = catchThrowable(() -> second.getResult(20, TimeUnit.SECONDS, CreationResult.class));

    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    ApplicationFailure refusal = (ApplicationFailure) thrown.getCause();
    assertThat(refusal.getType()).isEqualTo(FailureType.VALIDATION_FAILED.name());
    assertThat(ValidationFailures.violations(refusal))
        .extracting(Violation::code, Violation::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "ECS_LOCKED",
                "server ecs-web-01 is locked by another image while it is being created"));
    assertThat(cloud.callNames().stream().filter("lockEcs"::equals)).hasSize(1);

    cloud.release("awaitBackup");
    assertThat(first.getResult(20, TimeUnit.SECONDS, CreationResult.class).imageStatus())
        .isEqualTo("NORMAL");
    await().atMost(Duration.ofSeconds(10)).until(() -> holderStatus() != RUNNING);
    assertThat(cloud.lockHolder).isNull();

    // The server is free again: the next creation of it completes.
    WorkflowStub third = t.startCreation(request("req-c"));
    assertThat(third.getResult(20, TimeUnit.SECONDS, CreationResult.class).imageStatus())
        .isEqualTo("NORMAL");

    // The new commands replay (the child, its cancel, the marker of server-lock-workflow).
    assertThat(markers(first)).anyMatch(m -> m.contains(FullEcsImageWorkflowImpl.SERVER_LOCK_WORKFLOW));
    WorkflowReplayer.replayWorkflowExecution(
        t.client.fetchHistory(first.getExecution().getWorkflowId()), FullEcsImageWorkflowImpl.class);
  }

  @Test
  void aCancelledCreationLetsTheServerGoOnlyAfterItsUnlock() throws Exception {
    FakeCloud cloud = start(new FakeCloud(1).lockWithoutHolder().gate("awaitSnapshot"));
    WorkflowStub run = t.startCreation(request("req-a"));
    assertThat(cloud.awaitEntered("awaitSnapshot")).isTrue();

    run.cancel();
    Throwable thrown = catchThrowable(() -> run.getResult(20, TimeUnit.SECONDS, CreationResult.class));
    cloud.release("awaitSnapshot");

    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    assertThat(thrown.getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(cloud.lockHolder).isNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> holderStatus() != RUNNING);
    List<EventType> events =
        t.client.fetchHistory(run.getExecution().getWorkflowId()).getEvents().stream()
            .map(HistoryEvent::getEventType)
            .toList();
    int unlocked = lastCompletedActivity(run, "UnlockEcs");
    int released =
        events.indexOf(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
    assertThat(unlocked).as("the unlock completed").isNotNegative();
    assertThat(released).as("the server let go after the unlock").isGreaterThan(unlocked);
  }

  @Test
  void aCloudWhoseLockNamesItsHolderStartsNoServerLockWorkflow() {
    start(new FakeCloud(1));
    WorkflowStub run = t.startCreation(request("req-a"));
    assertThat(run.getResult(CreationResult.class).imageStatus()).isEqualTo("NORMAL");

    assertThat(t.client.fetchHistory(run.getExecution().getWorkflowId()).getEvents())
        .extracting(HistoryEvent::getEventType)
        .doesNotContain(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
    // No version marker either: a creation on such a cloud records exactly what it did before.
    assertThat(markers(run))
        .isNotEmpty()
        .noneMatch(m -> m.contains(FullEcsImageWorkflowImpl.SERVER_LOCK_WORKFLOW));
  }

  private static final WorkflowExecutionStatus RUNNING =
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;

  private WorkflowExecutionStatus holderStatus() {
    return t.client.newUntypedWorkflowStub(HOLDER_ID).describe().getStatus();
  }

  /** The history's markers, as text (a version marker names its change id). */
  private List<String> markers(WorkflowStub run) {
    return t.client.fetchHistory(run.getExecution().getWorkflowId()).getEvents().stream()
        .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
        .map(HistoryEvent::toString)
        .toList();
  }

  /** The index in the history of the completion of the last {@code type} activity, or -1. */
  private int lastCompletedActivity(WorkflowStub run, String type) {
    List<HistoryEvent> events = t.client.fetchHistory(run.getExecution().getWorkflowId()).getEvents();
    int found = -1;
    for (int i = 0; i < events.size(); i++) {
      HistoryEvent e = events.get(i);
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        long scheduled = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
        HistoryEvent s = events.get((int) scheduled - 1);
        if (s.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(type)) {
          found = i;
        }
      }
    }
    return found;
  }

  private static CreateImageRequest request(String requestId) {
    return new CreateImageRequest(
        "cn-north-4", "tenant-a", SERVER, null, "vault-backup", "web-full-" + requestId, null,
        List.of(), "nightly", true, null, requestId);
  }
}
