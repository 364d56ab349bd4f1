package dev.fullecs.snapshot;

import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.StepProgress;
import dev.fullecs.image.CloudFailures;
import dev.fullecs.image.HeartbeatingWait;
import dev.fullecs.image.ImageDeletionCheck;
import dev.fullecs.image.WaitOptions;
import dev.fullecs.wait.CloudTask;
import dev.fullecs.wait.TaskWatcher;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/** {@link SnapshotActivities} on the {@link ImageCloud} port, with the image service's credential. */
public class SnapshotActivitiesImpl implements SnapshotActivities {
  private final ImageCloud cloud;
  private final TaskWatcher watcher;
  private final WaitOptions wait;

  /** On the emulator's own API. */
  public SnapshotActivitiesImpl(CloudClient cloud, TaskWatcher watcher) {
    this(new EmulatorImageCloud(cloud), watcher, WaitOptions.defaults());
  }

  /** @param watcher waits for the snapshots that {@link #awaitSnapshot} hands over */
  public SnapshotActivitiesImpl(ImageCloud cloud, TaskWatcher watcher) {
    this(cloud, watcher, WaitOptions.defaults());
  }

  /** @param wait how the one-piece {@link #snapshotDisk} of earlier creations waits, on its own thread */
  public SnapshotActivitiesImpl(ImageCloud cloud, TaskWatcher watcher, WaitOptions wait) {
    this.cloud = cloud;
    this.watcher = watcher;
    this.wait = wait;
  }

  @Override
  public SnapshotResult startSnapshot(SnapshotStep step) {
    return new SnapshotResult(step.diskId(), create(step).id());
  }

  /**
   * Reads the snapshot once: one already finished is answered at once; one still being taken is
   * handed to the {@link TaskWatcher}, and this returns without completing the activity (its slot
   * and thread are free while the cloud works; the watcher heartbeats the progress and completes
   * it).
   */
  @Override
  public SnapshotResult awaitSnapshot(SnapshotWait w) {
    Snapshot now;
    try {
      now = cloud.awaitSnapshot(w.tenant(), w.snapshotId(), Duration.ZERO);
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "report the status of snapshot " + w.snapshotId());
    }
    if (!Snapshot.CREATING.equals(now.status())) {
      return available(now, w.diskId());
    }
    watcher.watch(
        Activity.getExecutionContext(),
        CloudTask.snapshot(w.tenant(), w.snapshotId(), w.imageId(), w.diskId(), s -> available(s, w.diskId())),
        new StepProgress(now.id(), w.diskId(), now.progress(), now.status()));
    return null;
  }

  /**
   * Creates and waits on this activity's own thread (the legacy one-piece step; a cancel waits for
   * it, as it did when those creations started).
   */
  @Override
  public SnapshotResult snapshotDisk(SnapshotStep step) {
    Snapshot created = create(step);
    Snapshot done =
        HeartbeatingWait.until(
            Activity.getExecutionContext(),
            wait,
            new StepProgress(created.id(), step.diskId(), 0, Snapshot.CREATING),
            () -> cloud.awaitSnapshot(step.tenant(), created.id(), wait.pollWait()),
            s -> !Snapshot.CREATING.equals(s.status()),
            s -> new StepProgress(s.id(), step.diskId(), s.progress(), s.status()),
            () -> ImageDeletionCheck.failIfDeleted(cloud, step.tenant(), step.imageId()),
            "snapshot " + created.id());
    return available(done, step.diskId());
  }

  private Snapshot create(SnapshotStep step) {
    // Nothing is created for an image that is already gone (F11a).
    ImageDeletionCheck.failIfDeleted(cloud, step.tenant(), step.imageId());
    try {
      // Same key on every attempt: a retry, also after a lost response, gets the same snapshot.
      return cloud.startSnapshot(
          new ImageCloud.SnapshotStart(
              step.tenant(), step.imageId(), step.serverId(), step.diskId(), step.name(),
              step.idempotencyKey()));
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "create the snapshot of disk " + step.diskId());
    }
  }

  private static SnapshotResult available(Snapshot done, String diskId) {
    if (!done.isAvailable()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "snapshot " + done.id() + " of disk " + diskId + " ended in status " + done.status(),
          FailureType.SNAPSHOT_FAILED.name());
    }
    return new SnapshotResult(diskId, done.id());
  }
}
