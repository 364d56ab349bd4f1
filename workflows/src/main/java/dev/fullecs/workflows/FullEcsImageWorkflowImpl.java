package dev.fullecs.workflows;

import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.Step;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.SearchAttributes;

import dev.fullecs.backup.BackupActivities;
import dev.fullecs.backup.BackupResult;
import dev.fullecs.backup.BackupStep;
import dev.fullecs.ecs.EcsActivities;
import dev.fullecs.ecs.LockRequest;
import dev.fullecs.ecs.SourceDisk;
import dev.fullecs.ecs.ValidatedSource;
import dev.fullecs.image.Cleanup;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.FailureType;
import dev.fullecs.image.ImageActivities;
import dev.fullecs.image.ImageState;
import dev.fullecs.image.ImageUpdate;
import dev.fullecs.contract.MaintenanceWindow;
import dev.fullecs.image.NewImage;
import dev.fullecs.contract.Retained;
import dev.fullecs.snapshot.SnapshotActivities;
import dev.fullecs.snapshot.SnapshotResult;
import dev.fullecs.snapshot.SnapshotStep;
import dev.fullecs.contract.Violation;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The creation of a full-ECS image, read top to bottom in {@link #create}: validate, lock, image
 * record, snapshots, AZ-only NORMAL, backup, region-wide NORMAL, unlock. Everything that stops a
 * creation early (cancel, direct delete, maintenance window, permanent failure) goes through
 * {@link #stop}, which runs in a detached scope so that it completes even when the workflow is
 * cancelled.
 */
public class FullEcsImageWorkflowImpl implements FullEcsImageWorkflow {
  private static final Logger log = Workflow.getLogger(FullEcsImageWorkflowImpl.class);



  /** Short calls that change the cloud; a cancel waits for them to finish (F11). */
  private static final ActivityOptions CLOUD_CALL =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryPolicies.CLOUD_RETRY)
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .build();

  /**
   * Snapshot and backup: create, then wait inside the activity, heartbeating. A large disk can
   * take hours; the heartbeat timeout is what notices a dead worker.
   */
  private static final ActivityOptions LONG_TASK =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofHours(12))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryPolicies.CLOUD_RETRY)
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .build();

  private static final ActivityOptions VALIDATE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(60))
          .setRetryOptions(RetryPolicies.CLOUD_RETRY)
          .setSummary("validate the request against every rule (F2)")
          .build();

  private static final ActivityOptions CLEANUP =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(60))
          .setRetryOptions(RetryPolicies.UNTIL_DONE)
          .build();

  private final EcsActivities validation = Workflow.newActivityStub(EcsActivities.class, VALIDATE);
  private final EcsActivities ecs = Workflow.newActivityStub(EcsActivities.class, CLOUD_CALL);
  private final ImageActivities images =
      Workflow.newActivityStub(ImageActivities.class, CLOUD_CALL);
  private final EcsActivities ecsCleanup = Workflow.newActivityStub(EcsActivities.class, CLEANUP);
  private final ImageActivities imageCleanup =
      Workflow.newActivityStub(ImageActivities.class, CLEANUP);

  private final ProgressTracker progress = new ProgressTracker();
  /** Every activity started in the work scope, so a stop waits for all of them (F11). */
  private final List<Promise<?>> inFlight = new ArrayList<>();

  private CreateImageRequest request;
  private IdempotencyKeys keys;
  private ValidatedSource source;
  private Duration window;
  private Long windowDeadline;

  @Override
  public CreationResult create(CreateImageRequest request) {
    this.request = request;
    WorkflowInfo info = Workflow.getInfo();
    keys = new IdempotencyKeys(info.getWorkflowId(), info.getFirstExecutionRunId());
    progress.imageId = keys.imageId();
    if (request.maintenanceWindow() != null && !request.maintenanceWindow().isBlank()) {
      window = MaintenanceWindow.parseDuration(request.maintenanceWindow());
      progress.window = window;
    }
    Workflow.upsertTypedSearchAttributes(
        SearchAttributeUpdate.valueSet(SearchAttributes.TENANT_ID, request.tenant()),
        SearchAttributeUpdate.valueSet(SearchAttributes.REGION, request.region()),
        SearchAttributeUpdate.valueSet(SearchAttributes.IMAGE_NAME, request.imageName()),
        SearchAttributeUpdate.valueSet(SearchAttributes.IMAGE_ID, progress.imageId));

    progress.begin(Step.VALIDATE);
    source = validate();
    progress.serverId = source.serverId();
    Workflow.upsertTypedSearchAttributes(
        SearchAttributeUpdate.valueSet(SearchAttributes.ECS_ID, source.serverId()));
    if (request.fromBackup()) {
      return createFromBackup();
    }

    progress.begin(Step.LOCK_ECS);
    lockEcs();
    if (window != null) {
      windowDeadline = Workflow.currentTimeMillis() + window.toMillis();
    }

    // The work between lock and unlock runs in its own scope, so that the maintenance window
    // (F12) can cancel it exactly as a user's cancel (F11) does.
    List<Promise<Void>> work = new ArrayList<>(1);
    CancellationScope workScope =
        Workflow.newCancellationScope(() -> work.add(Async.procedure(this::imageAndBackups)));
    workScope.run();
    Promise<Void> done = work.get(0);

    boolean cancelled = false;
    boolean windowExceeded = false;
    try {
      windowExceeded = awaitWithinWindow(done);
    } catch (CanceledFailure e) {
      cancelled = true;
    }
    if (!cancelled && !windowExceeded && done.getFailure() == null) {
      progress.begin(Step.UNLOCK_ECS);
      // Detached: a cancel that arrives now must not strand the lock.
      Workflow.newDetachedCancellationScope(() -> ecsCleanup.unlockEcs(lockRequest("unlock-ecs")))
          .run();
      cancelled = CancellationScope.current().isCancelRequested();
      if (!cancelled) {
        return finish();
      }
    }
    workScope.cancel();
    throw stop(cancelled, windowExceeded, done);
  }

  /** F4-F7: everything between the lock and the unlock. */
  private void imageAndBackups() {
    progress.begin(Step.CREATE_IMAGE_RECORD);
    run(() -> images.createImageRecord(newImage(request.serverId(), null)));
    progress.imageStatus("CREATING", List.of());

    progress.begin(Step.SNAPSHOT_DISKS);
    List<Promise<SnapshotResult>> snapshots = new ArrayList<>();
    for (SourceDisk disk : source.disks()) {
      SnapshotActivities stub =
          Workflow.newActivityStub(
              SnapshotActivities.class,
              ActivityOptions.newBuilder(LONG_TASK)
                  .setSummary(
                      "snapshot of " + disk.role() + " disk " + disk.diskId() + " ("
                          + disk.sizeGib() + " GiB)")
                  .build());
      SnapshotStep step =
          new SnapshotStep(
              request.tenant(),
              progress.imageId,
              source.serverId(),
              disk.diskId(),
              disk.sizeGib(),
              request.imageName() + "-" + disk.diskId(),
              keys.snapshot(disk.diskId()));
      snapshots.add(track(Async.function(stub::snapshotDisk, step)));
    }
    for (Promise<SnapshotResult> snapshot : snapshots) {
      progress.snapshotIds.add(snapshot.get().snapshotId());
    }
    run(() -> images.recordSnapshots(update(progress.snapshotIds, null, "record-snapshots")));

    progress.begin(Step.IMAGE_AVAILABLE_IN_AZ);
    ImageState azOnly =
        call(() -> images.markAvailableInSourceAz(update(List.of(), null, "available-in-az")));
    progress.imageStatus(azOnly.status(), azOnly.availableAzs());

    progress.begin(Step.BACKUP_SERVER);
    BackupActivities backups =
        Workflow.newActivityStub(
            BackupActivities.class,
            ActivityOptions.newBuilder(LONG_TASK)
                .setSummary(
                    "CBR backup of " + source.serverId() + " into " + request.vaultId())
                .build());
    BackupStep backupStep =
        new BackupStep(
            request.tenant(),
            progress.imageId,
            source.serverId(),
            request.vaultId(),
            List.copyOf(progress.snapshotIds),
            request.imageName() + "-backup",
            keys.backup());
    BackupResult backup = track(Async.function(backups::backupServer, backupStep)).get();
    progress.backupId = backup.backupId();
    run(() -> images.recordBackup(update(List.of(), backup.backupId(), "record-backup")));

    progress.begin(Step.IMAGE_NORMAL_IN_REGION);
    ImageState normal =
        call(() -> images.markNormalInRegion(update(List.of(), null, "normal-in-region")));
    progress.imageStatus(normal.status(), normal.availableAzs());
  }

  /** F17: an image from an existing CBR backup: no lock, no new snapshot or backup. */
  private CreationResult createFromBackup() {
    progress.begin(Step.CREATE_IMAGE_RECORD);
    progress.snapshotIds.addAll(source.snapshotIds());
    progress.backupId = source.backupId();
    try {
      images.createImageRecord(newImage(null, source.backupId()));
      progress.imageStatus("CREATING", List.of());
      images.recordSnapshots(update(source.snapshotIds(), null, "record-snapshots"));
      images.recordBackup(update(List.of(), source.backupId(), "record-backup"));
      progress.begin(Step.IMAGE_NORMAL_IN_REGION);
      ImageState normal =
          images.markNormalInRegion(update(List.of(), null, "normal-in-region"));
      progress.imageStatus(normal.status(), normal.availableAzs());
    } catch (ActivityFailure e) {
      Promise<Void> failed = Workflow.newFailedPromise(e);
      throw stop(false, false, failed);
    }
    return finish();
  }

  /**
   * Waits for the work to finish, counting the maintenance window down when there is one.
   * Returns true when the window ran out first. A wait costs one timer, whatever its length.
   */
  private boolean awaitWithinWindow(Promise<Void> done) {
    while (!done.isCompleted()) {
      if (windowDeadline == null) {
        Workflow.await(done::isCompleted);
        return false;
      }
      long deadline = windowDeadline;
      long left = deadline - Workflow.currentTimeMillis();
      if (left <= 0) {
        return true;
      }
      Workflow.await(
          Duration.ofMillis(left), () -> done.isCompleted() || windowDeadline != deadline);
    }
    return false;
  }

  /**
   * Stops a creation that cannot finish: waits for the calls in flight, records what was kept
   * and deletes the image (cancel, direct delete, window) or marks it ERROR (failure), unlocks
   * the ECS, and returns the failure the workflow ends with. Runs detached, so a cancel of the
   * workflow cannot interrupt it.
   */
  private RuntimeException stop(boolean cancelled, boolean windowExceeded, Promise<Void> done) {
    Failure why = Failure.of(cancelled, windowExceeded, done.getFailure(), window);
    CancellationScope cleanup =
        Workflow.newDetachedCancellationScope(
            () -> {
              Workflow.await(() -> done.isCompleted() && allCompleted(inFlight));
              progress.begin(Step.CLEANUP);
              Cleanup what =
                  new Cleanup(
                      request.tenant(),
                      progress.imageId,
                      source.serverId(),
                      source.disks().stream().map(d -> keys.snapshot(d.diskId())).toList(),
                      keys.backup(),
                      why.reason);
              Retained retained =
                  why.deletesImage
                      ? imageCleanup.deleteKeepingBackups(what)
                      : imageCleanup.markFailed(what);
              if (!request.fromBackup()) {
                ecsCleanup.unlockEcs(lockRequest("unlock-ecs"));
              }
              progress.retained = retained;
              progress.imageStatus(retained.imageStatus(), List.of());
              Workflow.upsertMemo(Map.of(ImageWorkflows.MEMO_RETAINED, retained));
              progress.begin(Step.DONE);
              log.info("creation stopped ({}): {}", why.reason, retained.describe());
            });
    cleanup.run();
    return why.toThrow();
  }

  private ValidatedSource validate() {
    try {
      return validation.validateCreation(request);
    } catch (ActivityFailure e) {
      throw asWorkflowFailure(e);
    }
  }

  /** F3: a lost race is reported like the F2 violation, and nothing is created. */
  private void lockEcs() {
    try {
      ecs.lockEcs(lockRequest("lock-ecs"));
    } catch (ActivityFailure | CanceledFailure e) {
      if (!(e instanceof ActivityFailure af && isType(af, FailureType.VALIDATION_FAILED))) {
        // The lock may have been taken before the failure or the cancel: release it.
        Workflow.newDetachedCancellationScope(
                () -> ecsCleanup.unlockEcs(lockRequest("unlock-ecs")))
            .run();
      }
      throw e instanceof ActivityFailure af ? asWorkflowFailure(af) : (CanceledFailure) e;
    }
  }

  private <T> Promise<T> track(Promise<T> promise) {
    inFlight.add(promise);
    return promise;
  }

  private void run(Runnable activity) {
    track(Async.procedure(activity::run)).get();
  }

  private <T> T call(java.util.function.Supplier<T> activity) {
    return track(Async.function(activity::get)).get();
  }

  private static boolean allCompleted(List<Promise<?>> promises) {
    for (Promise<?> p : promises) {
      if (!p.isCompleted()) {
        return false;
      }
    }
    return true;
  }

  private LockRequest lockRequest(String step) {
    return new LockRequest(
        request.tenant(), source.serverId(), progress.imageId, keys.step(step));
  }

  private NewImage newImage(String serverId, String backupId) {
    return new NewImage(
        request.tenant(),
        progress.imageId,
        request.imageName(),
        serverId,
        backupId,
        request.vaultId(),
        request.enterpriseProject(),
        request.tags(),
        request.description(),
        keys.step("create-image"),
        Workflow.getInfo().getWorkflowId());
  }

  private ImageUpdate update(List<String> snapshotIds, String backupId, String step) {
    return new ImageUpdate(
        request.tenant(), progress.imageId, List.copyOf(snapshotIds), backupId, keys.step(step));
  }

  /**
   * Change id of the memo written on success. Histories recorded before it (histories/v1) have no
   * marker and replay without the memo; new executions record version 1.
   */
  static final String MEMO_ON_SUCCESS = "memo-image-on-success";

  private CreationResult finish() {
    progress.begin(Step.DONE);
    CreationResult result = result();
    if (Workflow.getVersion(MEMO_ON_SUCCESS, Workflow.DEFAULT_VERSION, 1) >= 1) {
      Workflow.upsertMemo(Map.of(ImageWorkflows.MEMO_IMAGE, result));
    }
    return result;
  }

  private CreationResult result() {
    return new CreationResult(
        progress.imageId,
        progress.imageStatus,
        List.copyOf(progress.availableAzs),
        progress.serverId,
        List.copyOf(progress.snapshotIds),
        progress.backupId,
        List.copyOf(progress.timings));
  }

  @Override
  public CreationProgress progress() {
    Long left =
        windowDeadline == null
            ? null
            : Math.max(0, windowDeadline - Workflow.currentTimeMillis());
    return progress.snapshot(left);
  }

  @Override
  public void validateExtendMaintenanceWindow(String duration) {
    Duration extra = MaintenanceWindow.parseDuration(duration);
    if (window == null) {
      throw new IllegalArgumentException("this creation has no maintenance window to extend");
    }
    if (progress.step == Step.DONE || progress.step == Step.CLEANUP) {
      throw new IllegalArgumentException("this creation has already finished");
    }
    if (window.plus(extra).compareTo(MaintenanceWindow.MAX) > 0) {
      throw new IllegalArgumentException(
          "a maintenance window cannot be longer than " + MaintenanceWindow.format(MaintenanceWindow.MAX));
    }
  }

  @Override
  public CreationProgress extendMaintenanceWindow(String duration) {
    Duration extra = MaintenanceWindow.parseDuration(duration);
    window = window.plus(extra);
    progress.window = window;
    if (windowDeadline != null) {
      windowDeadline = windowDeadline + extra.toMillis();
    }
    log.info("maintenance window extended by {} to {}", duration, MaintenanceWindow.format(window));
    return progress();
  }

  private static boolean isType(ActivityFailure e, FailureType type) {
    return e.getCause() instanceof ApplicationFailure app && type.name().equals(app.getType());
  }

  /**
   * Re-raises an activity's application failure as the workflow's own, keeping its type, message
   * and details (the violations of a failed validation), so that clients read them directly.
   */
  static RuntimeException asWorkflowFailure(ActivityFailure e) {
    if (e.getCause() instanceof CanceledFailure) {
      return new CanceledFailure("creation cancelled");
    }
    if (e.getCause() instanceof ApplicationFailure app) {
      if (FailureType.VALIDATION_FAILED.name().equals(app.getType())) {
        Violation[] violations = app.getDetails().getSize() == 0 ? new Violation[0]
            : app.getDetails().get(0, Violation[].class);
        return ApplicationFailure.newNonRetryableFailureWithCause(
            app.getOriginalMessage(), app.getType(), e, (Object) violations);
      }
      return ApplicationFailure.newNonRetryableFailureWithCause(
          app.getOriginalMessage(), app.getType() == null ? FailureType.CLOUD_REJECTED.name()
              : app.getType(), e);
    }
    return ApplicationFailure.newNonRetryableFailureWithCause(
        e.getCause() == null ? e.getMessage() : e.getCause().getMessage(),
        FailureType.CLOUD_REJECTED.name(), e);
  }

  /** Why a creation stopped, and what the workflow ends with. */
  private record Failure(String reason, boolean deletesImage, RuntimeException toThrow) {

    static Failure of(boolean cancelled, boolean windowExceeded, Throwable failure, Duration window) {
      if (cancelled) {
        return new Failure(
            "creation cancelled", true, new CanceledFailure("creation cancelled"));
      }
      if (windowExceeded) {
        String msg = "maintenance window of " + MaintenanceWindow.format(window) + " exceeded";
        return new Failure(
            msg,
            true,
            ApplicationFailure.newNonRetryableFailure(
                msg, FailureType.MAINTENANCE_WINDOW_EXCEEDED.name()));
      }
      if (failure instanceof ActivityFailure af && isType(af, FailureType.IMAGE_DELETED)) {
        String msg = "image deleted during creation";
        return new Failure(
            msg,
            true,
            ApplicationFailure.newNonRetryableFailureWithCause(
                msg, FailureType.IMAGE_DELETED.name(), af));
      }
      RuntimeException toThrow =
          failure instanceof ActivityFailure af
              ? asWorkflowFailure(af)
              : failure instanceof RuntimeException re ? re : new RuntimeException(failure);
      String reason =
          failure instanceof ActivityFailure af && af.getCause() != null
              ? af.getCause() instanceof ApplicationFailure app
                  ? app.getOriginalMessage()
                  : af.getCause().getMessage()
              : String.valueOf(failure.getMessage());
      return new Failure(reason, false, toThrow);
    }
  }
}
