package dev.fullecs.workflows;

import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.StepTiming;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.SearchAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.Violation;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The workflow's rules (F3-F17) with the cloud faked behind the activity interfaces. */
class FullEcsImageWorkflowTest {
  private static final List<String> CREATING_CALLS =
      List.of(
          "createImageRecord", "startSnapshot", "snapshotDisk", "startBackup", "backupServer",
          "lockEcs");

  private CreationTestEnv testEnv;
  private TestWorkflowEnvironment env;
  private FakeCloud cloud;
  private WorkflowClient client;

  private void start(FakeCloud fake) {
    testEnv = CreationTestEnv.start(fake);
    cloud = fake;
    env = testEnv.env;
    client = testEnv.client;
  }

  @AfterEach
  void tearDown() {
    if (testEnv != null) {
      testEnv.close();
    }
  }

  static CreateImageRequest request(String window) {
    return CreationTestEnv.request(window);
  }

  private FullEcsImageWorkflow stub(String requestId) {
    return testEnv.stub(requestId);
  }

  private WorkflowStub startCreation(CreateImageRequest request) {
    return testEnv.startCreation(request);
  }

  private <T> T memo(WorkflowStub run, String key, Class<T> type) {
    return testEnv.memo(run, key, type);
  }

  private static int cleanupStart(List<String> calls, String cleanupCall) {
    return CreationTestEnv.cleanupStart(calls, cleanupCall);
  }

  private void awaitActivityCancelRequested(WorkflowStub run) throws InterruptedException {
    testEnv.awaitActivityCancelRequested(run);
  }

  @Test
  void happyPathLocksSnapshotsBacksUpAndUnlocksInOrder() {
    start(new FakeCloud(2));
    CreationResult result = stub("req-1").create(request(null));

    assertThat(result.imageStatus()).isEqualTo("NORMAL");
    assertThat(result.availableAzs()).containsExactlyElementsOf(FakeCloud.AZS);
    assertThat(result.snapshotIds()).hasSize(3).doesNotHaveDuplicates();
    assertThat(result.backupId()).startsWith("backup-");
    assertThat(result.imageId()).startsWith("img-").isEqualTo(cloud.imageId);
    assertThat(result.timings()).extracting(StepTiming::step).contains("SNAPSHOT_DISKS",
        "BACKUP_SERVER", "UNLOCK_ECS");
    assertThat(cloud.callNames())
        .containsExactly(
            "validateCreation", "lockEcs", "createImageRecord",
            "startSnapshot", "startSnapshot", "startSnapshot",
            "awaitSnapshot", "awaitSnapshot", "awaitSnapshot", "recordSnapshots",
            "markAvailableInSourceAz", "startBackup", "awaitBackup", "recordBackup",
            "markNormalInRegion", "unlockEcs");
    assertThat(cloud.lockHolder).isNull();
  }

  /** A finished creation tells what it made in its memo, seen in the Web UI's list (v2). */
  @Test
  void successfulCreationWritesTheImageIntoTheMemo() {
    start(new FakeCloud(1));
    FullEcsImageWorkflow wf = stub("req-1");
    CreationResult result = wf.create(request(null));
    CreationResult inMemo =
        memo(WorkflowStub.fromTyped(wf), ImageWorkflows.MEMO_IMAGE, CreationResult.class);
    assertThat(inMemo).isEqualTo(result);
  }

  @Test
  void snapshotsOfAllDisksAreTakenConcurrently() {
    start(new FakeCloud(8).requireConcurrentSnapshots());
    CreationResult result = stub("req-1").create(request(null));
    assertThat(result.snapshotIds()).hasSize(9);
  }

  @Test
  void imageIsNormalInTheSourceAzOnlyWhileTheBackupRuns() throws Exception {
    start(new FakeCloud(2).gate("awaitBackup"));
    WorkflowStub run = startCreation(request(null));
    assertThat(cloud.awaitEntered("awaitBackup")).isTrue();

    CreationProgress during = run.query("progress", CreationProgress.class);
    assertThat(during.step()).isEqualTo("BACKUP_SERVER");
    assertThat(during.imageStatus()).isEqualTo("NORMAL");
    assertThat(during.availableAzs()).containsExactly("cn-north-4a");
    assertThat(during.snapshotIds()).hasSize(3);

    cloud.release("awaitBackup");
    CreationResult result = run.getResult(CreationResult.class);
    assertThat(result.availableAzs()).hasSize(3);
  }

  /**
   * F10 with issue 15's heartbeats (the first a third of the heartbeat timeout after the hand-over):
   * the progress query names each disk's snapshot, and then the backup, from the moment it started.
   */
  @Test
  void progressNamesEachStartedSnapshotAndTheStartedBackupBeforeTheirWaitsHeartbeat() throws Exception {
    start(new FakeCloud(2).gate("awaitSnapshot"));
    WorkflowStub run = startCreation(request(null));
    assertThat(cloud.awaitEntered("awaitSnapshot")).isTrue();

    CreationProgress snapshots = run.query("progress", CreationProgress.class);
    assertThat(snapshots.step()).isEqualTo("SNAPSHOT_DISKS");
    assertThat(snapshots.startedSnapshots()).hasSize(3).doesNotContainValue(null);
    assertThat(snapshots.snapshotIds()).isEmpty();
    assertThat(snapshots.startedBackupId()).isNull();
    cloud.release("awaitSnapshot");
    CreationResult result = run.getResult(CreationResult.class);
    assertThat(result.snapshotIds()).containsExactlyInAnyOrderElementsOf(snapshots.startedSnapshots().values());
  }

  @Test
  void progressNamesTheStartedBackupWhileItsWaitRuns() throws Exception {
    start(new FakeCloud(2).gate("awaitBackup"));
    WorkflowStub run = startCreation(request(null));
    assertThat(cloud.awaitEntered("awaitBackup")).isTrue();

    CreationProgress during = run.query("progress", CreationProgress.class);
    assertThat(during.startedBackupId()).isNotNull();
    assertThat(during.backupId()).isNull();
    cloud.release("awaitBackup");
    CreationResult result = run.getResult(CreationResult.class);
    assertThat(result.backupId()).isEqualTo(during.startedBackupId());
  }

  /** F11: cancel while each step is in flight; the step finishes, then the cleanup runs. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "lockEcs", "createImageRecord", "startSnapshot", "awaitSnapshot", "recordSnapshots",
        "markAvailableInSourceAz", "startBackup", "awaitBackup", "recordBackup",
        "markNormalInRegion"
      })
  void cancellingAtAnyStepDeletesImageUnlocksAndKeepsBackups(String step) throws Exception {
    start(new FakeCloud(2).gate(step));
    WorkflowStub run = startCreation(request(null));
    assertThat(cloud.awaitEntered(step)).isTrue();

    run.cancel();
    awaitActivityCancelRequested(run);
    cloud.release(step);

    assertThatThrownBy(() -> run.getResult(CreationResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(cloud.lockHolder).isNull();
    List<String> calls = cloud.callNames();
    int cleanup = cleanupStart(calls, "deleteKeepingBackups");
    assertThat(calls.subList(cleanup, calls.size()))
        .as("nothing is created after the cleanup began: %s", calls)
        .doesNotContainAnyElementsOf(CREATING_CALLS)
        .contains("deleteKeepingBackups", "unlockEcs");
    if (cloud.imageId != null) {
      assertThat(cloud.imageStatus).isEqualTo("DELETED");
    }
    assertThat(cloud.recordedRetained.snapshotIds()).hasSize(cloud.snapshotsByKey.size());
    assertThat(memo(run, ImageWorkflows.MEMO_RETAINED, Retained.class))
        .isEqualTo(cloud.recordedRetained);
  }

  @Test
  void cancellingDuringValidationChangesNothing() throws Exception {
    start(new FakeCloud(2).gate("validateCreation"));
    WorkflowStub run = startCreation(request(null));
    assertThat(cloud.awaitEntered("validateCreation")).isTrue();
    run.cancel();
    assertThatThrownBy(() -> run.getResult(CreationResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    cloud.release("validateCreation");
    assertThat(cloud.callNames()).doesNotContainAnyElementsOf(CREATING_CALLS);
    assertThat(cloud.lockHolder).isNull();
  }

  @Test
  void cancelledCreationWritesWhatWasRetainedIntoTheMemoAndProgress() throws Exception {
    start(new FakeCloud(2).gate("awaitBackup"));
    WorkflowStub run = startCreation(request(null));
    assertThat(cloud.awaitEntered("awaitBackup")).isTrue();
    run.cancel();
    awaitActivityCancelRequested(run);
    cloud.release("awaitBackup");
    assertThatThrownBy(() -> run.getResult(CreationResult.class))
        .isInstanceOf(WorkflowFailedException.class);

    Retained retained = memo(run, ImageWorkflows.MEMO_RETAINED, Retained.class);
    assertThat(retained.imageStatus()).isEqualTo("DELETED");
    assertThat(retained.snapshotIds()).hasSize(3);
    assertThat(retained.backupId()).isNotNull();
    assertThat(run.query("progress", CreationProgress.class).retained()).contains("3 snapshots");
  }

  /** F11a: the image deleted through the image API stops the creation and keeps the backups. */
  @Test
  void deletingTheImageDirectlyStopsTheCreation() throws Exception {
    start(new FakeCloud(2).gate("awaitBackup"));
    WorkflowStub run = startCreation(request(null));
    assertThat(cloud.awaitEntered("awaitBackup")).isTrue();
    cloud.deleteImageDirectly();
    cloud.release("awaitBackup");

    assertThatThrownBy(() -> run.getResult(CreationResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.IMAGE_DELETED.name());
              assertThat(f.getOriginalMessage()).isEqualTo("image deleted during creation");
            });
    assertThat(cloud.lockHolder).isNull();
    assertThat(cloud.imageStatus).isEqualTo("DELETED");
    assertThat(cloud.callNames()).doesNotContain("markNormalInRegion", "markFailed");
    assertThat(cloud.recordedRetained.snapshotIds()).hasSize(3);
    assertThat(cloud.recordedRetained.backupId()).isNotNull();
  }

  /**
   * F12: the window counts from the lock; when it runs out, the F11 cleanup runs. The window is a
   * few real seconds: the range check (1m-7d) belongs to validation, and a running activity keeps
   * the test server from skipping time.
   */
  @Test
  void maintenanceWindowThatRunsOutDeletesTheImageAndFails() throws Exception {
    start(new FakeCloud(2).gate("awaitBackup"));
    WorkflowStub run = startCreation(request("3s"));
    assertThat(cloud.awaitEntered("awaitBackup")).isTrue();
    CreationProgress during = run.query("progress", CreationProgress.class);
    assertThat(during.maintenanceWindow()).isEqualTo("3s");
    assertThat(during.maintenanceWindowLeftMillis()).isBetween(1L, 3_000L);

    assertThatThrownBy(() -> run.getResult(CreationResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.MAINTENANCE_WINDOW_EXCEEDED.name());
              assertThat(f.getOriginalMessage()).isEqualTo("maintenance window of 3s exceeded");
              assertThat(f.isNonRetryable()).isTrue();
            });
    assertThat(cloud.imageStatus).isEqualTo("DELETED");
    assertThat(cloud.imageReason).isEqualTo("maintenance window of 3s exceeded");
    assertThat(cloud.lockHolder).isNull();
    assertThat(cloud.recordedRetained.snapshotIds()).hasSize(3);
    assertThat(cloud.recordedRetained.backupId()).as("a started backup is kept").isNotNull();
  }

  @Test
  void extendingTheWindowLetsTheCreationFinish() throws Exception {
    start(new FakeCloud(2).gate("awaitBackup"));
    WorkflowStub run = startCreation(request("4s"));
    assertThat(cloud.awaitEntered("awaitBackup")).isTrue();

    FullEcsImageWorkflow typed =
        client.newWorkflowStub(FullEcsImageWorkflow.class, run.getExecution().getWorkflowId());
    CreationProgress extended = typed.extendMaintenanceWindow("1h");
    assertThat(extended.maintenanceWindow()).isEqualTo("1h4s");
    assertThat(extended.maintenanceWindowLeftMillis()).isGreaterThan(3_600_000L);

    TimeUnit.SECONDS.sleep(5);
    cloud.release("awaitBackup");
    CreationResult result = run.getResult(CreationResult.class);
    assertThat(result.imageStatus()).isEqualTo("NORMAL");
    assertThat(cloud.lockHolder).isNull();
  }

  @Test
  void extendingWithABadDurationIsRefusedAndChangesNothing() throws Exception {
    start(new FakeCloud(2).gate("awaitBackup"));
    WorkflowStub run = startCreation(request("30m"));
    assertThat(cloud.awaitEntered("awaitBackup")).isTrue();
    FullEcsImageWorkflow typed =
        client.newWorkflowStub(FullEcsImageWorkflow.class, run.getExecution().getWorkflowId());

    assertThatThrownBy(() -> typed.extendMaintenanceWindow("soon"))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining("is not a duration");
    assertThatThrownBy(() -> typed.extendMaintenanceWindow("8d"))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining("cannot be longer than 7d");
    assertThat(typed.progress().maintenanceWindow()).isEqualTo("30m");
    cloud.release("awaitBackup");
    run.getResult(CreationResult.class);
  }

  /** F14: a permanent failure at any step: image ERROR with the reason, unlocked, backups kept. */
  @ParameterizedTest
  @CsvSource({
    "createImageRecord, CLOUD_REJECTED",
    "startSnapshot, CLOUD_REJECTED",
    "awaitSnapshot, SNAPSHOT_FAILED",
    "recordSnapshots, CLOUD_REJECTED",
    "markAvailableInSourceAz, CLOUD_REJECTED",
    "startBackup, CLOUD_REJECTED",
    "awaitBackup, BACKUP_FAILED",
    "recordBackup, CLOUD_REJECTED",
    "markNormalInRegion, CLOUD_REJECTED"
  })
  void permanentFailureAtAnyStepLeavesImageErrorAndUnlocks(String step, FailureType type) {
    // One disk: no sibling snapshot completes in the same moment as the failure (the test
    // server mishandles cancelling an activity that completes meanwhile, sdk-java issue 2391).
    start(new FakeCloud(0).failPermanently(step, type));
    assertThatThrownBy(() -> stub("req-1").create(request(null)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(type.name());
              assertThat(f.getOriginalMessage()).contains(step + " failed permanently");
            });
    assertThat(cloud.lockHolder).isNull();
    if (step.equals("createImageRecord")) {
      assertThat(cloud.imageId).as("the image record was never created").isNull();
    } else {
      assertThat(cloud.imageStatus).isEqualTo("ERROR");
      assertThat(cloud.imageReason).contains("failed permanently");
    }
    List<String> calls = cloud.callNames();
    assertThat(calls.subList(cleanupStart(calls, "markFailed"), calls.size()))
        .doesNotContainAnyElementsOf(CREATING_CALLS)
        .contains("markFailed", "unlockEcs");
  }

  @Test
  void transientFailuresAreRetriedWithoutCreatingTwice() {
    start(
        new FakeCloud(2)
            .failTransiently("lockEcs", 2)
            .failTransiently("startSnapshot", 2)
            .failTransiently("awaitSnapshot", 2)
            .failTransiently("markNormalInRegion", 2));
    CreationResult result = stub("req-1").create(request(null));
    assertThat(result.imageStatus()).isEqualTo("NORMAL");
    assertThat(cloud.snapshotsByKey).hasSize(3);
    assertThat(cloud.backupsByKey).hasSize(1);
  }

  @Test
  void cleanupRetriesUntilItSucceeds() {
    start(
        new FakeCloud(2)
            .failPermanently("awaitBackup", FailureType.BACKUP_FAILED)
            .failTransiently("markFailed", 12)
            .failTransiently("unlockEcs", 12));
    assertThatThrownBy(() -> stub("req-1").create(request(null)))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(cloud.lockHolder).isNull();
    assertThat(cloud.imageStatus).isEqualTo("ERROR");
  }

  @Test
  void validationFailureReportsEveryViolationAndChangesNothing() {
    FakeCloud fake = new FakeCloud(2);
    fake.violations.add(new Violation("ECS_IS_BMS", "this does not apply to a BMS", null));
    fake.violations.add(new Violation("AGREEMENT_NOT_ACCEPTED", "accept the disclaimer", null));
    start(fake);
    assertThatThrownBy(() -> stub("req-1").create(request(null)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.VALIDATION_FAILED.name());
              assertThat(f.getDetails().get(0, Violation[].class))
                  .extracting(Violation::code)
                  .containsExactly("ECS_IS_BMS", "AGREEMENT_NOT_ACCEPTED");
            });
    assertThat(cloud.callNames()).containsExactly("validateCreation");
  }

  @Test
  void losingTheLockRaceIsReportedAsEcsLockedAndCreatesNothing() {
    FakeCloud fake = new FakeCloud(2);
    fake.lockHolder = "img-other-creation";
    start(fake);
    assertThatThrownBy(() -> stub("req-1").create(request(null)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.VALIDATION_FAILED.name());
              assertThat(f.getDetails().get(0, Violation[].class))
                  .extracting(Violation::code)
                  .containsExactly("ECS_LOCKED");
            });
    assertThat(cloud.callNames()).containsExactly("validateCreation", "lockEcs");
    assertThat(cloud.lockHolder).isEqualTo("img-other-creation");
  }

  /** F16: the same request id while the creation runs returns that creation. */
  @Test
  void sameRequestIdTwiceJoinsTheRunningCreation() throws Exception {
    start(new FakeCloud(2).gate("awaitBackup"));
    WorkflowStub first = startCreation(request(null));
    assertThat(cloud.awaitEntered("awaitBackup")).isTrue();
    WorkflowStub second = startCreation(request(null));
    assertThat(second.getExecution().getRunId()).isEqualTo(first.getExecution().getRunId());
    cloud.release("awaitBackup");
    assertThat(second.getResult(CreationResult.class).imageId())
        .isEqualTo(first.getResult(CreationResult.class).imageId());
    assertThat(cloud.callNames().stream().filter("lockEcs"::equals)).hasSize(1);
  }

  /** F17: from an existing CBR backup: no lock, no snapshot, no backup; NORMAL region-wide. */
  @Test
  void imageFromAnExistingBackupTakesTheShortPath() {
    start(new FakeCloud(2));
    CreationResult result = stub("req-2").create(CreationTestEnv.fromBackup("req-2"));
    assertThat(result.imageStatus()).isEqualTo("NORMAL");
    assertThat(result.backupId()).isEqualTo("backup-existing");
    assertThat(cloud.callNames())
        .doesNotContain(
            "lockEcs", "startSnapshot", "snapshotDisk", "startBackup", "backupServer", "unlockEcs");
  }

  /**
   * The events that the workflow's commands and the activities make; workflow-task events are left
   * out, since how completions are batched into workflow tasks varies from run to run.
   */
  private long commandEvents(WorkflowStub run) {
    return client.fetchHistory(run.getExecution().getWorkflowId()).getEvents().stream()
        .filter(e -> !e.getEventType().name().startsWith("EVENT_TYPE_WORKFLOW_TASK_"))
        .count();
  }

  /** Waiting is done inside heartbeating activities: a longer wait adds no history events. */
  @Test
  void waitingLongerAddsNoHistoryEvents() throws Exception {
    start(new FakeCloud(2).gate("awaitBackup"));
    WorkflowStub quick = startCreation(request(null));
    assertThat(cloud.awaitEntered("awaitBackup")).isTrue();
    cloud.release("awaitBackup");
    quick.getResult(CreationResult.class);
    long quickEvents = commandEvents(quick);

    env.close();
    start(new FakeCloud(2).gate("awaitBackup"));
    WorkflowStub slow = startCreation(request(null));
    assertThat(cloud.awaitEntered("awaitBackup")).isTrue();
    TimeUnit.SECONDS.sleep(3);
    cloud.release("awaitBackup");
    slow.getResult(CreationResult.class);
    long slowEvents = commandEvents(slow);

    assertThat(slowEvents).isEqualTo(quickEvents);
  }
}
