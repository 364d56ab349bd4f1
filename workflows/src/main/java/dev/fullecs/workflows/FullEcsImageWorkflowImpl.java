package dev.fullecs.workflows;

import dev.fullecs.backup.BackupResult;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.MaintenanceWindow;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.SearchAttributes;
import dev.fullecs.contract.ServerLockWorkflow;
import dev.fullecs.contract.Step;
import dev.fullecs.ecs.ValidatedSource;
import dev.fullecs.image.ImageState;
import dev.fullecs.validation.CreationValidator;
import dev.fullecs.validation.ValidationFailures;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The creation of a full-ECS image, read top to bottom in {@link #create}: validate, lock, then
 * the work between lock and unlock ({@link #imageAndBackups}: image record, snapshots, AZ-only
 * NORMAL, backup, region-wide NORMAL), then unlock. Whatever stops it early (a cancel, the image
 * deleted directly, the maintenance window, a permanent failure) becomes a {@link Stop}, fixed at
 * that moment, and {@link #cleanUp} handles every one of them the same way, in a detached scope.
 */
public class FullEcsImageWorkflowImpl implements FullEcsImageWorkflow {
  private static final Logger log = Workflow.getLogger(FullEcsImageWorkflowImpl.class);

  /**
   * Change id of the memo written on success. Histories recorded before it (histories/v1) have no
   * marker and replay without the memo; new executions record version 1.
   */
  static final String MEMO_ON_SUCCESS = "memo-image-on-success";

  /**
   * Change id of the failure paths of issue 12: snapshots and the backup in two steps each (start,
   * then a wait that a cancel does not wait for), the first failed disk noticed at once, the unlock
   * beside the image's cleanup, and a cancel of a creation from a backup deleting its image (F11).
   * Histories v1 and v2 have no marker and replay the earlier paths ({@link CreationSteps}).
   */
  static final String FAILURE_PATHS = "failure-paths";

  /**
   * Change id of fewer search-attribute upserts (issue 15), the same attributes at the end: the
   * server's {@code EcsId} goes into the first upsert when the request names the server (from a
   * backup, into the next status upsert), and the image's AZ-only NORMAL (F6) is no longer upserted
   * ({@code ImageStatus} stays CREATING until the image is NORMAL region-wide; the progress query,
   * the details and the result still say NORMAL in the source AZ). Histories v1-v5 have no marker
   * and replay the five upserts of before; v6 is recorded with it.
   */
  static final String FEWER_UPSERTS = "fewer-upserts";

  /**
   * Change id of the server's lock held by a {@link ServerLockWorkflow} child on a cloud whose lock
   * has no holder (F3 on Huawei Cloud). Asked only there ({@link ValidatedSource#lockHasNoHolder}),
   * so creations on the emulator (histories v1-v4, and v5-v6's emulator scenarios) have no marker
   * and replay as before; v5-v6's Huawei scenarios carry it.
   */
  static final String SERVER_LOCK_WORKFLOW = "server-lock-workflow";

  private final ProgressTracker progress = new ProgressTracker();
  private final WorkInFlight inFlight = new WorkInFlight();
  private CreateImageRequest request;
  private CreationSteps steps;
  private WindowClock window;
  private ValidatedSource source;
  /** Why the creation stops early, from the moment it begins to stop; null while it goes on. */
  private Stop stop;
  /** What the creation made so far: its own state; {@link #progress} only reports it. */
  private final List<String> snapshotIds = new ArrayList<>();
  private String backupId;
  private ImageState image = new ImageState(null, List.of());
  /** {@link #FEWER_UPSERTS} recorded: false for executions that started before it. */
  private boolean fewerUpserts;
  /** The EcsId upserted so far by this execution (fewer-upserts only), else null. */
  private String upsertedEcsId;
  /** Attributes that go with the next status upsert (fewer-upserts only). */
  private final List<SearchAttributeUpdate<?>> withNextStatus = new ArrayList<>();
  /** The scope of the {@link ServerLockWorkflow} child while it holds the server; else null. */
  private CancellationScope serverHeld;

  @Override
  public CreationResult create(CreateImageRequest input) {
    boolean legacy =
        Workflow.getVersion(FAILURE_PATHS, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION;
    fewerUpserts =
        Workflow.getVersion(FEWER_UPSERTS, Workflow.DEFAULT_VERSION, 1) >= 1;
    request = input == null ? CreateImageRequest.EMPTY : input;
    window = WindowClock.of(request.maintenanceWindow());
    steps = new CreationSteps(request, window.isSet(), legacy, progress);
    progress.imageId = steps.imageId();
    progress.window = window.duration();
    upsertRequestAttributes();
    try {
      return createImage();
    } catch (ResetRefused e) {
      throw cleanUp(Stop.resetRefused(), request.serverId());
    }
  }

  private CreationResult createImage() {
    enter(Step.VALIDATE);
    source = validate();
    progress.serverId = source.serverId();
    upsertEcsId();
    if (request.fromBackup()) {
      return imageFromBackup();
    }

    enter(Step.LOCK_ECS);
    lockEcs();
    window.start();
    Stop stopped = runUntilStopped(this::imageAndBackups);
    if (stopped != null) {
      throw cleanUp(stopped, source.serverId());
    }
    enter(Step.UNLOCK_ECS);
    // Detached: a cancel that arrives now must not strand the lock.
    Workflow.newDetachedCancellationScope(() -> steps.unlock(source.serverId())).run();
    releaseServer();
    if (CancellationScope.current().isCancelRequested()) {
      throw cleanUp(Stop.cancelled(), source.serverId());
    }
    return finish();
  }

  /** F4-F7: everything between the lock and the unlock. */
  private void imageAndBackups() {
    enter(Step.CREATE_IMAGE_RECORD);
    inFlight.run(() -> steps.createImageRecord(request.serverId(), null));
    imageIs(new ImageState("CREATING", List.of()));

    enter(Step.SNAPSHOT_DISKS);
    made(steps.snapshotEveryDisk(source, inFlight), null);
    inFlight.run(() -> steps.recordSnapshots(snapshotIds));

    enter(Step.IMAGE_AVAILABLE_IN_AZ);
    imageAvailableInAz(inFlight.call(steps::markAvailableInSourceAz));

    enter(Step.BACKUP_SERVER);
    BackupResult backup = steps.backUp(source.serverId(), snapshotIds, inFlight);
    made(List.of(), backup.backupId());
    inFlight.run(() -> steps.recordBackup(backupId));

    enter(Step.IMAGE_NORMAL_IN_REGION);
    imageIs(inFlight.call(steps::markNormalInRegion));
  }

  /** F17: an image from an existing CBR backup: no lock, no new snapshot or backup, no window. */
  private CreationResult imageFromBackup() {
    made(source.snapshotIds(), source.backupId());
    Stop stopped =
        runUntilStopped(
            () -> {
              enter(Step.CREATE_IMAGE_RECORD);
              inFlight.run(() -> steps.createImageRecord(null, source.backupId()));
              imageIs(new ImageState("CREATING", List.of()));
              inFlight.run(() -> steps.recordSnapshots(source.snapshotIds()));
              inFlight.run(() -> steps.recordBackup(source.backupId()));
              enter(Step.IMAGE_NORMAL_IN_REGION);
              imageIs(inFlight.call(steps::markNormalInRegion));
            });
    if (stopped != null) {
      throw cleanUp(stopped, null);
    }
    return finish();
  }

  /**
   * Runs {@code work} in a cancellation scope of its own, so that the maintenance window (F12) can
   * stop it exactly as a cancel (F11) does, and waits for it within the window. Returns why it
   * stopped early, fixed now (an extension is refused from here on), or null when it finished.
   */
  private Stop runUntilStopped(Runnable work) {
    List<Promise<Void>> started = new ArrayList<>(1);
    CancellationScope scope =
        Workflow.newCancellationScope(() -> started.add(Async.procedure(work::run)));
    scope.run();
    Promise<Void> done = inFlight.track(started.get(0));
    Stop why;
    try {
      if (window.runsOutBefore(done)) {
        why = Stop.windowExceeded(window.describe());
      } else if (done.getFailure() == null) {
        return null;
      } else if (done.getFailure() instanceof ResetRefused) {
        why = Stop.resetRefused();
      } else {
        why = Stop.failed(done.getFailure());
      }
    } catch (CanceledFailure e) {
      why = Stop.cancelled();
      if (steps.isLegacy() && request.fromBackup()) {
        // Creations from a backup started before failure-paths marked the image ERROR on a cancel.
        why = why.keepingTheImage();
      }
    }
    stop = why;
    scope.cancel();
    return why;
  }

  /**
   * Stops a creation that cannot finish: waits for the calls in flight (nothing is created after
   * the cleanup, F11), records what was kept, deletes the image or marks it ERROR, unlocks {@code
   * lockedServerId} (when not null) beside it, and returns the failure the workflow ends with.
   * Detached, so that a cancel of the workflow cannot interrupt it.
   */
  private RuntimeException cleanUp(Stop why, String lockedServerId) {
    stop = why;
    Workflow.newDetachedCancellationScope(
            () -> {
              inFlight.awaitAll();
              progress.begin(Step.CLEANUP);
              Retained retained = steps.cleanUp(why, source, lockedServerId, this::releaseServer);
              progress.retained = retained;
              imageIs(new ImageState(retained.imageStatus(), List.of()));
              Workflow.upsertMemo(Map.of(ImageWorkflows.MEMO_RETAINED, retained));
              progress.begin(Step.DONE);
              log.info("creation stopped ({}): {}", why.reason(), retained.describe());
            })
        .run();
    return why.failure();
  }

  private void imageIs(ImageState now) {
    image = now;
    progress.imageStatus(now.status(), now.availableAzs(), withNextStatus);
    withNextStatus.clear();
  }

  /**
   * F6's AZ-only status: a status upsert of its own before {@link #FEWER_UPSERTS}; since, only the
   * progress query, the details and the result see it (ImageStatus stays CREATING until F7).
   */
  private void imageAvailableInAz(ImageState now) {
    if (!fewerUpserts) {
      imageIs(now);
      return;
    }
    image = now;
    progress.imageStatusNotUpserted(now.status(), now.availableAzs());
  }

  /**
   * The validated server as EcsId. Before {@link #FEWER_UPSERTS}: an upsert of its own. Since: none
   * when the first upsert already named it (the request names the server), else with the next
   * status upsert (a creation from a backup: the image record's CREATING, or the cleanup's).
   */
  private void upsertEcsId() {
    SearchAttributeUpdate<String> ecsId =
        SearchAttributeUpdate.valueSet(SearchAttributes.ECS_ID, source.serverId());
    if (!fewerUpserts) {
      Workflow.upsertTypedSearchAttributes(ecsId);
    } else if (source.serverId() != null && !source.serverId().equals(upsertedEcsId)) {
      upsertedEcsId = source.serverId();
      if (request.fromBackup()) {
        withNextStatus.add(ecsId);
      } else {
        Workflow.upsertTypedSearchAttributes(ecsId);
      }
    }
  }

  private void made(List<String> snapshots, String backup) {
    snapshotIds.addAll(snapshots);
    if (backup != null) {
      backupId = backup;
    }
    progress.made(snapshots, backup);
  }

  /** The next step of the story, unless this run is a reset (refused, {@link ResetGuard}). */
  private void enter(Step step) {
    if (ResetGuard.refuses(step)) {
      throw new ResetRefused();
    }
    progress.begin(step);
  }

  private ValidatedSource validate() {
    try {
      return steps.validate();
    } catch (ActivityFailure e) {
      throw Stop.asWorkflowFailure(e);
    }
  }

  /** F3: a lost race is reported like the F2 violation, and nothing is created. */
  private void lockEcs() {
    if (source.lockHasNoHolder()
        && Workflow.getVersion(SERVER_LOCK_WORKFLOW, Workflow.DEFAULT_VERSION, 1) >= 1) {
      holdServer();
    }
    try {
      steps.lock(source.serverId());
    } catch (ActivityFailure | CanceledFailure e) {
      if (!(e instanceof ActivityFailure af && Stop.isType(af, FailureType.VALIDATION_FAILED))) {
        // The lock may have been taken before the failure or the cancel: release it.
        Workflow.newDetachedCancellationScope(() -> steps.unlock(source.serverId())).run();
      }
      releaseServer();
      throw e instanceof ActivityFailure af ? Stop.asWorkflowFailure(af) : (CanceledFailure) e;
    }
  }

  /**
   * F3 where the cloud's lock has no holder: starts this creation's {@link ServerLockWorkflow}
   * child, whose id names the server. If another creation's is running, the start fails and this
   * creation is refused exactly as F2 refuses a locked server, before anything is locked or made.
   * Detached: a cancel of the creation must not end it before the unlock ({@link #releaseServer}).
   */
  private void holdServer() {
    String childId = ImageWorkflows.serverLockWorkflowId(request.tenant(), source.serverId());
    List<Promise<WorkflowExecution>> started = new ArrayList<>(1);
    serverHeld =
        Workflow.newDetachedCancellationScope(
            () -> {
              ServerLockWorkflow holder =
                  Workflow.newChildWorkflowStub(
                      ServerLockWorkflow.class,
                      ChildWorkflowOptions.newBuilder()
                          .setWorkflowId(childId)
                          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
                          .setCancellationType(ChildWorkflowCancellationType.TRY_CANCEL)
                          .setStaticSummary("holds server " + source.serverId() + " for image "
                              + steps.imageId())
                          .build());
              Async.procedure(holder::hold, Workflow.getInfo().getWorkflowId());
              started.add(Workflow.getWorkflowExecution(holder));
            });
    serverHeld.run();
    try {
      started.get(0).get();
    } catch (ChildWorkflowFailure e) {
      serverHeld = null;
      log.info("server {} is held by another creation ({})", source.serverId(), childId);
      throw ValidationFailures.failure(
          List.of(CreationValidator.ecsLocked(source.serverId(), null)));
    }
  }

  /** Lets the server go once it is unlocked: cancels the {@link ServerLockWorkflow}, if any. */
  private void releaseServer() {
    if (serverHeld != null) {
      serverHeld.cancel();
      serverHeld = null;
    }
  }

  /** Search attributes from the request; a field the request lacks is left unset (F2 reports it). */
  private void upsertRequestAttributes() {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    addIfPresent(updates, SearchAttributes.TENANT_ID, request.tenant());
    addIfPresent(updates, SearchAttributes.REGION, request.region());
    addIfPresent(updates, SearchAttributes.IMAGE_NAME, request.imageName());
    addIfPresent(updates, SearchAttributes.IMAGE_ID, progress.imageId);
    if (fewerUpserts && !request.fromBackup() && request.serverId() != null) {
      // The server the request names is the one validation returns (F2): no upsert of its own.
      addIfPresent(updates, SearchAttributes.ECS_ID, request.serverId());
      upsertedEcsId = request.serverId();
    }
    Workflow.upsertTypedSearchAttributes(updates.toArray(new SearchAttributeUpdate<?>[0]));
  }

  private static void addIfPresent(
      List<SearchAttributeUpdate<?>> updates,
      io.temporal.common.SearchAttributeKey<String> key,
      String value) {
    if (value != null) {
      updates.add(SearchAttributeUpdate.valueSet(key, value));
    }
  }

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
        steps.imageId(),
        image.status(),
        List.copyOf(image.availableAzs()),
        source.serverId(),
        List.copyOf(snapshotIds),
        backupId,
        progress.timings());
  }

  @Override
  public CreationProgress progress() {
    return progress.snapshot(
        window == null ? null : window.leftMillis(), stop == null ? null : stop.reason());
  }

  @Override
  public void validateExtendMaintenanceWindow(String duration) {
    Duration extra = MaintenanceWindow.parseDuration(duration);
    if (stop != null) {
      throw new IllegalArgumentException(
          "this creation is stopping (" + stop.reason()
              + "); its maintenance window can no longer be extended");
    }
    if (progress.step == Step.DONE || progress.step == Step.CLEANUP) {
      throw new IllegalArgumentException("this creation has already finished");
    }
    String refusal = window == null ? "this creation has not started yet" : window.refusal(extra);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
  }

  @Override
  public CreationProgress extendMaintenanceWindow(String duration) {
    window.extend(MaintenanceWindow.parseDuration(duration));
    progress.window = window.duration();
    log.info("maintenance window extended by {} to {}", duration, window.describe());
    return progress();
  }

  /** Thrown by {@link #enter} in a reset run; caught in this class, never leaves the workflow. */
  private static final class ResetRefused extends RuntimeException {
    ResetRefused() {
      super("this run is a reset of the creation", null, false, false);
    }
  }
}
