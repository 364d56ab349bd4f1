package dev.fullecs.workflows;

import dev.fullecs.backup.BackupActivities;
import dev.fullecs.backup.BackupResult;
import dev.fullecs.backup.BackupStep;
import dev.fullecs.backup.BackupWait;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.Retained;
import dev.fullecs.ecs.EcsActivities;
import dev.fullecs.ecs.LockRequest;
import dev.fullecs.ecs.SourceDisk;
import dev.fullecs.ecs.ValidatedSource;
import dev.fullecs.image.Cleanup;
import dev.fullecs.image.ImageActivities;
import dev.fullecs.image.ImageState;
import dev.fullecs.image.ImageUpdate;
import dev.fullecs.image.NewImage;
import dev.fullecs.snapshot.SnapshotActivities;
import dev.fullecs.snapshot.SnapshotResult;
import dev.fullecs.snapshot.SnapshotStep;
import dev.fullecs.snapshot.SnapshotWait;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The activity calls of a creation's steps, each with the request it sends: its idempotency key
 * derived from the workflow and the step (F13), and the options of {@link StepOptions}. The steps
 * whose shape changed with {@code failure-paths} keep their earlier shape for creations that
 * started before it ({@link #legacy}), so that their histories still replay.
 */
final class CreationSteps {
  private final CreateImageRequest request;
  private final IdempotencyKeys keys;
  private final String imageId;
  private final boolean legacy;

  private final EcsActivities validation =
      Workflow.newActivityStub(EcsActivities.class, StepOptions.validate());
  private final EcsActivities ecs = Workflow.newActivityStub(EcsActivities.class, StepOptions.lock());
  private final ImageActivities images;
  private final SnapshotActivities snapshots;
  private final BackupActivities backups;
  /** Told which snapshots and backup started (F10, query only). */
  private final ProgressTracker progress;
  private final EcsActivities ecsCleanup =
      Workflow.newActivityStub(EcsActivities.class, StepOptions.unlock());
  private final ImageActivities imageCleanup =
      Workflow.newActivityStub(ImageActivities.class, StepOptions.cleanup());

  /**
   * @param legacy true for creations started before {@code failure-paths}: snapshot and backup in
   *     one activity each, snapshots awaited in disk order, the unlock after the image's cleanup
   */
  CreationSteps(CreateImageRequest request, boolean hasWindow, boolean legacy, ProgressTracker progress) {
    this.request = request;
    this.progress = progress;
    WorkflowInfo info = Workflow.getInfo();
    this.keys = new IdempotencyKeys(info.getWorkflowId(), info.getFirstExecutionRunId(), legacy);
    this.imageId = keys.imageId();
    this.legacy = legacy;
    images = Workflow.newActivityStub(ImageActivities.class, StepOptions.change(hasWindow));
    snapshots = Workflow.newActivityStub(SnapshotActivities.class, StepOptions.change(hasWindow));
    backups = Workflow.newActivityStub(BackupActivities.class, StepOptions.change(hasWindow));
  }

  boolean isLegacy() {
    return legacy;
  }

  /** The image id, chosen before the lock so that the lock can name its holder (F3). */
  String imageId() {
    return imageId;
  }

  /** F2: every rule at once; fails VALIDATION_FAILED with every violation. */
  ValidatedSource validate() {
    return validation.validateCreation(request);
  }

  /** F3. */
  void lock(String serverId) {
    ecs.lockEcs(lockRequest(serverId, "lock-ecs"));
  }

  /** F3, F8: also when the lock may have been taken before a failure or a cancel. */
  void unlock(String serverId) {
    ecsCleanup.unlockEcs(lockRequest(serverId, "unlock-ecs"));
  }

  /** F4. */
  void createImageRecord(String serverId, String backupId) {
    images.createImageRecord(newImage(serverId, backupId));
  }

  private NewImage newImage(String serverId, String backupId) {
    return new NewImage(
        request.tenant(), imageId, request.imageName(), serverId, backupId,
        request.vaultId(), request.enterpriseProject(), request.tags(),
        request.description(), keys.step("create-image"), Workflow.getInfo().getWorkflowId());
  }

  /**
   * F5: one snapshot per disk, taken concurrently; the first disk that fails stops the creation at
   * once (F14). Returns the snapshot ids in disk order.
   */
  List<String> snapshotEveryDisk(ValidatedSource source, WorkInFlight inFlight) {
    if (legacy) {
      return legacySnapshots(source, inFlight);
    }
    List<Promise<SnapshotResult>> started = new ArrayList<>();
    for (SourceDisk disk : source.disks()) {
      started.add(inFlight.track(Async.function(snapshots::startSnapshot, snapshotStep(source, disk))));
    }
    Promise.allOf(started).get();
    List<Promise<SnapshotResult>> taken = new ArrayList<>();
    for (int i = 0; i < started.size(); i++) {
      SourceDisk disk = source.disks().get(i);
      SnapshotActivities wait =
          Workflow.newActivityStub(SnapshotActivities.class, StepOptions.await(summary(disk)));
      String snapshotId = started.get(i).get().snapshotId();
      progress.snapshotStarted(disk.diskId(), snapshotId);
      SnapshotWait what = new SnapshotWait(request.tenant(), imageId, disk.diskId(), snapshotId);
      taken.add(Async.function(wait::awaitSnapshot, what));
    }
    Promise.allOf(taken).get();
    return taken.stream().map(p -> p.get().snapshotId()).toList();
  }

  private List<String> legacySnapshots(ValidatedSource source, WorkInFlight inFlight) {
    List<Promise<SnapshotResult>> taken = new ArrayList<>();
    for (SourceDisk disk : source.disks()) {
      SnapshotActivities stub =
          Workflow.newActivityStub(SnapshotActivities.class, StepOptions.legacyLongTask(summary(disk)));
      taken.add(inFlight.track(Async.function(stub::snapshotDisk, snapshotStep(source, disk))));
    }
    List<String> ids = new ArrayList<>();
    for (Promise<SnapshotResult> snapshot : taken) {
      ids.add(snapshot.get().snapshotId());
    }
    return ids;
  }

  /** F5: records the snapshot ids on the image. */
  void recordSnapshots(List<String> snapshotIds) {
    images.recordSnapshots(update(snapshotIds, null, "record-snapshots"));
  }

  /** F6. */
  ImageState markAvailableInSourceAz() {
    return images.markAvailableInSourceAz(update(List.of(), null, "available-in-az"));
  }

  /** F7: the CBR backup of the server from its snapshots, started, then awaited. */
  BackupResult backUp(String serverId, List<String> snapshotIds, WorkInFlight inFlight) {
    String summary = "CBR backup of " + serverId + " into " + request.vaultId();
    BackupStep step =
        new BackupStep(
            request.tenant(), imageId, serverId, request.vaultId(), List.copyOf(snapshotIds),
            request.imageName() + "-backup", keys.backup());
    if (legacy) {
      BackupActivities stub =
          Workflow.newActivityStub(BackupActivities.class, StepOptions.legacyLongTask(summary));
      return inFlight.track(Async.function(stub::backupServer, step)).get();
    }
    String backupId = inFlight.call(() -> backups.startBackup(step));
    progress.backupStarted(backupId);
    BackupActivities wait =
        Workflow.newActivityStub(BackupActivities.class, StepOptions.await(summary));
    return wait.awaitBackup(new BackupWait(request.tenant(), imageId, serverId, backupId));
  }

  /**
   * F7: records the backup id on the image. Since {@link #IMAGE_WITH_BACKUP} the update carries the
   * image as F4 asked for it: a cloud that makes the image only from the backup (Huawei's IMS
   * CreateWholeImage, issue 13) needs its name, tags and description here. Histories from before
   * replay without it.
   */
  void recordBackup(String backupId) {
    ImageUpdate update = update(List.of(), backupId, "record-backup");
    if (Workflow.getVersion(IMAGE_WITH_BACKUP, Workflow.DEFAULT_VERSION, 1) >= 1) {
      update = update.withImage(newImage(request.serverId(), null));
    }
    images.recordBackup(update);
  }

  /** The change id of {@link #recordBackup}'s image (issue 13). */
  static final String IMAGE_WITH_BACKUP = "image-with-backup";

  /** F7. */
  ImageState markNormalInRegion() {
    return images.markNormalInRegion(update(List.of(), null, "normal-in-region"));
  }

  /**
   * F11-F14: records what was kept, deletes the image or marks it ERROR as {@code stop} says, and
   * unlocks the server when {@code lockedServerId} is not null. The unlock runs beside the image's
   * cleanup and never waits for it: a cleanup that keeps failing leaves no server locked. {@code
   * afterUnlock} runs as soon as the unlock is done (or at once when there is none).
   */
  Retained cleanUp(Stop stop, ValidatedSource source, String lockedServerId, Runnable afterUnlock) {
    Cleanup what =
        new Cleanup(
            request.tenant(),
            imageId,
            source == null ? request.serverId() : source.serverId(),
            source == null
                ? List.of()
                : source.disks().stream().map(d -> keys.snapshot(d.diskId())).toList(),
            keys.backup(),
            stop.reason());
    if (legacy) {
      Retained retained =
          stop.deletesImage() ? imageCleanup.deleteKeepingBackups(what) : imageCleanup.markFailed(what);
      if (lockedServerId != null) {
        unlock(lockedServerId);
      }
      afterUnlock.run();
      return retained;
    }
    Promise<Void> unlocked =
        lockedServerId == null
            ? Workflow.newPromise(null)
            : Async.procedure(ecsCleanup::unlockEcs, lockRequest(lockedServerId, "unlock-ecs"));
    Promise<Retained> retained =
        stop.deletesImage()
            ? Async.function(imageCleanup::deleteKeepingBackups, what)
            : Async.function(imageCleanup::markFailed, what);
    unlocked.get();
    afterUnlock.run();
    return retained.get();
  }

  private SnapshotStep snapshotStep(ValidatedSource source, SourceDisk disk) {
    return new SnapshotStep(
        request.tenant(), imageId, source.serverId(), disk.diskId(), disk.sizeGib(),
        request.imageName() + "-" + disk.diskId(), keys.snapshot(disk.diskId()));
  }

  private static String summary(SourceDisk disk) {
    return "snapshot of " + disk.role() + " disk " + disk.diskId() + " (" + disk.sizeGib() + " GiB)";
  }

  private LockRequest lockRequest(String serverId, String step) {
    return new LockRequest(request.tenant(), serverId, imageId, keys.step(step));
  }

  private ImageUpdate update(List<String> snapshotIds, String backupId, String step) {
    return new ImageUpdate(request.tenant(), imageId, List.copyOf(snapshotIds), backupId, keys.step(step));
  }
}
