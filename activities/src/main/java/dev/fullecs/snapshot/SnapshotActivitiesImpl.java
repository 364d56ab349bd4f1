package dev.fullecs.snapshot;

import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.StepProgress;
import dev.fullecs.image.CloudFailures;
import dev.fullecs.image.HeartbeatingWait;
import dev.fullecs.image.ImageDeletionCheck;
import dev.fullecs.image.WaitOptions;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;

/** {@link SnapshotActivities} on the {@link ImageCloud} port, with the image service's credential. */
public class SnapshotActivitiesImpl implements SnapshotActivities {
  private final ImageCloud cloud;
  private final WaitOptions wait;

  /** On the emulator's own API. */
  public SnapshotActivitiesImpl(CloudClient cloud) {
    this(cloud, WaitOptions.defaults());
  }

  /** On the emulator's own API. */
  public SnapshotActivitiesImpl(CloudClient cloud, WaitOptions wait) {
    this(new EmulatorImageCloud(cloud), wait);
  }

  public SnapshotActivitiesImpl(ImageCloud cloud, WaitOptions wait) {
    this.cloud = cloud;
    this.wait = wait;
  }

  @Override
  public SnapshotResult startSnapshot(SnapshotStep step) {
    return new SnapshotResult(step.diskId(), create(step).id());
  }

  @Override
  public SnapshotResult awaitSnapshot(SnapshotWait w) {
    Snapshot done =
        HeartbeatingWait.until(
            Activity.getExecutionContext(),
            wait,
            new StepProgress(w.snapshotId(), w.diskId(), 0, Snapshot.CREATING),
            () -> cloud.awaitSnapshot(w.tenant(), w.snapshotId(), wait.pollWait()),
            s -> !Snapshot.CREATING.equals(s.status()),
            s -> new StepProgress(s.id(), w.diskId(), s.progress(), s.status()),
            () -> ImageDeletionCheck.failIfDeleted(cloud, w.tenant(), w.imageId()),
            "snapshot " + w.snapshotId());
    return available(done, w.diskId());
  }

  @Override
  public SnapshotResult snapshotDisk(SnapshotStep step) {
    Snapshot created = create(step);
    return awaitSnapshot(new SnapshotWait(step.tenant(), step.imageId(), step.diskId(), created.id()));
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
