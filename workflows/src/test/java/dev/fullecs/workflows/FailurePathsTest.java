package dev.fullecs.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.Violation;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The paths where a creation stops early, each the way the spec says it must end (F11-F16), with
 * the server unlocked. One test per defect found in review (issue 12), numbered as there.
 */
class FailurePathsTest {
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

  /** The failure the creation ended with (its result must not take longer than {@code within}). */
  private static ApplicationFailure failureOf(WorkflowStub run, Duration within) {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> run.getResult(within.toSeconds(), TimeUnit.SECONDS, CreationResult.class));
    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) thrown.getCause();
  }

  /** Defect 1, F11 + F17: a cancel of a creation from a CBR backup deletes its image. */
  @Test
  void cancellingACreationFromABackupDeletesTheImage() throws Exception {
    FakeCloud cloud = start(new FakeCloud(2).gate("createImageRecord"));
    WorkflowStub run = t.startCreation(CreationTestEnv.fromBackup("req-b"));
    assertThat(cloud.awaitEntered("createImageRecord")).isTrue();

    run.cancel();
    t.awaitActivityCancelRequested(run);
    cloud.release("createImageRecord");

    assertThatThrownBy(() -> run.getResult(20, TimeUnit.SECONDS, CreationResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(cloud.imageStatus).isEqualTo("DELETED");
    assertThat(cloud.imageReason).isEqualTo("creation cancelled");
    assertThat(cloud.callNames()).contains("deleteKeepingBackups").doesNotContain("markFailed");
    assertThat(t.memo(run, ImageWorkflows.MEMO_RETAINED, Retained.class).imageStatus())
        .isEqualTo("DELETED");
  }

  /**
   * Defect 2, F14: a data disk whose snapshot fails stops the creation at once, although the
   * system disk's snapshot is still being taken (it may take hours).
   */
  @Test
  void aFailedDiskStopsTheCreationWhileAnotherDiskIsStillBeingSnapshotted() {
    FakeCloud cloud =
        start(new FakeCloud(1).gateDisk("vol-sys").failDisk("vol-data-1", FailureType.SNAPSHOT_FAILED));
    WorkflowStub run = t.startCreation(CreationTestEnv.request(null));
    try {
      ApplicationFailure f = failureOf(run, Duration.ofSeconds(20));
      assertThat(f.getType()).isEqualTo(FailureType.SNAPSHOT_FAILED.name());
      assertThat(f.getOriginalMessage()).contains("vol-data-1");
      assertThat(cloud.lockHolder).isNull();
      assertThat(cloud.imageStatus).isEqualTo("ERROR");
      assertThat(cloud.events()).doesNotContain("awaitSnapshot-returned");
    } finally {
      cloud.releaseDisk("vol-sys");
    }
  }

  /**
   * Defect 3, F12: once the window has run out and the creation is stopping, an extension is
   * refused with the reason, and the creation fails with the window it had.
   */
  @Test
  void extendingIsRefusedOnceTheWindowHasRunOut() throws Exception {
    FakeCloud cloud = start(new FakeCloud(0).gate("markAvailableInSourceAz"));
    WorkflowStub run = t.startCreation(CreationTestEnv.request("3s"));
    assertThat(cloud.awaitEntered("markAvailableInSourceAz")).isTrue();
    FullEcsImageWorkflow typed = t.typed(run);
    // The window runs out while the call is in flight; the stop waits for that call (F11).
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> typed.progress().maintenanceWindowLeftMillis() == 0L);
    TimeUnit.MILLISECONDS.sleep(500);

    assertThatThrownBy(() -> typed.extendMaintenanceWindow("1h"))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining("maintenance window of 3s exceeded")
        .hasStackTraceContaining("can no longer be extended");
    cloud.release("markAvailableInSourceAz");

    ApplicationFailure f = failureOf(run, Duration.ofSeconds(20));
    assertThat(f.getType()).isEqualTo(FailureType.MAINTENANCE_WINDOW_EXCEEDED.name());
    assertThat(f.getOriginalMessage()).isEqualTo("maintenance window of 3s exceeded");
    assertThat(cloud.imageStatus).isEqualTo("DELETED");
    assertThat(cloud.lockHolder).isNull();
  }

  /**
   * Defect 4, F2 + F12: a window that does not parse, sent past the starter, is reported by
   * validation like every other broken rule; the workflow never gets stuck on it.
   */
  @Test
  void aWindowThatDoesNotParseFailsValidationAndChangesNothing() {
    FakeCloud cloud = start(new FakeCloud(1));
    WorkflowStub run = t.startCreation(CreationTestEnv.request("90 minutes"));

    ApplicationFailure f = failureOf(run, Duration.ofSeconds(20));
    assertThat(f.getType()).isEqualTo(FailureType.VALIDATION_FAILED.name());
    assertThat(f.getDetails().get(0, Violation[].class))
        .extracting(Violation::code)
        .containsExactly("MAINTENANCE_WINDOW_INVALID");
    assertThat(cloud.callNames()).containsExactly("validateCreation");
  }

  /** Defect 4: an empty input (a start with no argument) is a refusal, not a stuck workflow. */
  @Test
  void anEmptyRequestFailsValidation() {
    FakeCloud cloud = start(new FakeCloud(1));
    WorkflowStub run =
        t.client.newUntypedWorkflowStub(
            "FullEcsImageWorkflow",
            WorkflowOptions.newBuilder()
                .setTaskQueue(ImageWorkflows.TASK_QUEUE)
                .setWorkflowId("full-ecs-image-empty")
                .build());
    run.start((Object) null);

    ApplicationFailure f = failureOf(run, Duration.ofSeconds(20));
    assertThat(f.getType()).isEqualTo(FailureType.VALIDATION_FAILED.name());
    assertThat(f.getDetails().get(0, Violation[].class))
        .extracting(Violation::code)
        .contains("TENANT_MISSING");
    assertThat(cloud.callNames()).containsExactly("validateCreation");
  }

  /**
   * Defect 5, F13: an outage of the image service long after the work began (40 failed attempts,
   * more than half an hour of backoff) is waited out; the image is not turned ERROR.
   */
  @Test
  void aLongOutageAtTheLastStepIsWaitedOut() {
    FakeCloud cloud = start(new FakeCloud(1).failTransiently("markNormalInRegion", 40));
    CreationResult result = t.stub("req-1").create(CreationTestEnv.request(null));
    assertThat(result.imageStatus()).isEqualTo("NORMAL");
    assertThat(cloud.lockHolder).isNull();
  }

  /**
   * F13, F14: an outage that outlasts a step's budget (a day, without a maintenance window) ends
   * the creation CLOUD_UNAVAILABLE with the last error, the image ERROR and the server unlocked.
   */
  @Test
  void anOutageLongerThanTheStepsBudgetFailsTheCreation() {
    FakeCloud cloud = start(new FakeCloud(0).failTransiently("recordBackup", Integer.MAX_VALUE));
    WorkflowStub run = t.startCreation(CreationTestEnv.request(null));

    ApplicationFailure f = failureOf(run, Duration.ofSeconds(120));
    assertThat(f.getType()).isEqualTo(FailureType.CLOUD_UNAVAILABLE.name());
    assertThat(f.getOriginalMessage())
        .contains("RecordBackup")
        .contains("503 service unavailable (injected)");
    assertThat(cloud.imageStatus).isEqualTo("ERROR");
    assertThat(cloud.imageReason).isEqualTo(f.getOriginalMessage());
    assertThat(cloud.lockHolder).isNull();
  }

  /**
   * Defect 6, F14: the image's cleanup refused for as long as it lasts does not keep the server
   * locked: the unlock does not wait for it.
   */
  @Test
  void aCleanupThatKeepsFailingDoesNotKeepTheServerLocked() {
    FakeCloud cloud =
        start(
            new FakeCloud(0)
                .failPermanently("awaitBackup", FailureType.BACKUP_FAILED)
                .failTransiently("markFailed", Integer.MAX_VALUE));
    WorkflowStub run = t.startCreation(CreationTestEnv.request(null));
    await().atMost(Duration.ofSeconds(20)).until(() -> cloud.callNames().contains("markFailed"));

    await().atMost(Duration.ofSeconds(20)).until(() -> cloud.lockHolder == null);
    assertThat(run.describe().getStatus().name()).endsWith("RUNNING");

    cloud.stopFailing("markFailed");
    ApplicationFailure f = failureOf(run, Duration.ofSeconds(60));
    assertThat(f.getType()).isEqualTo(FailureType.BACKUP_FAILED.name());
    assertThat(cloud.imageStatus).isEqualTo("ERROR");
  }

  /**
   * Defect 14, F11: a cancel does not wait for a backup that is still being taken: the cleanup
   * begins at once and records the backup as it is then (protecting), although the wait heartbeats
   * only once per poll, as the real one does.
   */
  @Test
  void aCancelDoesNotWaitForTheBackupToFinish() throws Exception {
    FakeCloud cloud = start(new FakeCloud(0).pollEvery(Duration.ofSeconds(5)).gate("awaitBackup"));
    WorkflowStub run = t.startCreation(CreationTestEnv.request(null));
    assertThat(cloud.awaitEntered("awaitBackup")).isTrue();

    run.cancel();
    boolean cleanupBegan = cloud.awaitCleanedUp(Duration.ofSeconds(3));
    // The backup finishes in the cloud a moment later, within the wait's poll interval.
    cloud.release("awaitBackup");

    assertThatThrownBy(() -> run.getResult(20, TimeUnit.SECONDS, CreationResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(cleanupBegan).as("the cleanup ran before the backup finished").isTrue();
    assertThat(cloud.recordedRetained.backupStatus()).isEqualTo("protecting");
    assertThat(cloud.imageStatus).isEqualTo("DELETED");
    assertThat(cloud.lockHolder).isNull();
  }

  /**
   * Every step, the waits included, runs on the creation's task queue: a wait holds a slot only for
   * one read of the cloud (issue 15), and a task queue of its own cost the server about 11 more
   * writes per creation (docs/PERFORMANCE.md).
   */
  @Test
  void everyStepRunsOnTheCreationsTaskQueue() throws Exception {
    start(new FakeCloud(1));
    WorkflowStub run = t.startCreation(CreationTestEnv.request(null));
    run.getResult(20, TimeUnit.SECONDS, CreationResult.class);

    var scheduled =
        t.client.fetchHistory(run.getExecution().getWorkflowId()).getEvents().stream()
            .filter(e -> e.hasActivityTaskScheduledEventAttributes())
            .map(e -> e.getActivityTaskScheduledEventAttributes())
            .toList();
    assertThat(scheduled)
        .extracting(a -> a.getActivityType().getName())
        .contains("LockEcs", "StartSnapshot", "AwaitSnapshot", "StartBackup", "AwaitBackup", "UnlockEcs");
    assertThat(scheduled)
        .extracting(a -> a.getTaskQueue().getName())
        .containsOnly(ImageWorkflows.TASK_QUEUE);
  }

  /** F10: what the creation reports while it stops names the reason it stops for. */
  @Test
  void progressTellsWhyACreationIsStopping() throws Exception {
    FakeCloud cloud = start(new FakeCloud(0).gate("markAvailableInSourceAz"));
    WorkflowStub run = t.startCreation(CreationTestEnv.request(null));
    assertThat(cloud.awaitEntered("markAvailableInSourceAz")).isTrue();
    run.cancel();
    FullEcsImageWorkflow typed = t.typed(run);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "creation cancelled".equals(typed.progress().stopping()));
    cloud.release("markAvailableInSourceAz");
    assertThatThrownBy(() -> run.getResult(20, TimeUnit.SECONDS, CreationResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    CreationProgress after = typed.progress();
    assertThat(after.step()).isEqualTo("DONE");
    assertThat(after.stopping()).isEqualTo("creation cancelled");
  }
}
