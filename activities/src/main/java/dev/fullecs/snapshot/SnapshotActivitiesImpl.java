package dev.fullecs.snapshot;

import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.image.CloudFailures;
import dev.fullecs.contract.FailureType;
import dev.fullecs.image.HeartbeatingWait;
import dev.fullecs.image.ImageDeletionCheck;
import dev.fullecs.contract.StepProgress;
import dev.fullecs.image.WaitOptions;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;

/** {@link SnapshotActivities} on a {@link CloudClient} that holds the image service's credential. */
public class SnapshotActivitiesImpl implements SnapshotActivities {
  private final CloudClient cloud;
  private final WaitOptions wait;

  public SnapshotActivitiesImpl(CloudClient cloud) {
    this(cloud, WaitOptions.defaults());
  }

  public SnapshotActivitiesImpl(CloudClient cloud, WaitOptions wait) {
    this.cloud = cloud;
    this.wait = wait;
  }

  @Override
  public SnapshotResult snapshotDisk(SnapshotStep step) {
    String tenant = step.tenant();
    // Nothing is created for an image that is already gone (F11a).
    ImageDeletionCheck.failIfDeleted(cloud, tenant, step.imageId());
    Snapshot created;
    try {
      // Same key on every attempt: a retry, also after a lost response, gets the same snapshot.
      created = cloud.createSnapshot(tenant, step.diskId(), step.name(), step.imageId(), step.idempotencyKey());
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "create the snapshot of disk " + step.diskId());
    }
    Snapshot done =
        HeartbeatingWait.until(
            Activity.getExecutionContext(),
            wait,
            created,
            s -> cloud.waitForSnapshot(tenant, s.id(), wait.pollWait()),
            s -> !Snapshot.CREATING.equals(s.status()),
            s -> new StepProgress(s.id(), step.diskId(), s.progress(), s.status()),
            () -> ImageDeletionCheck.failIfDeleted(cloud, tenant, step.imageId()),
            "snapshot " + created.id());
    if (!done.isAvailable()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "snapshot " + done.id() + " of disk " + step.diskId() + " ended in status "
              + done.status(),
          FailureType.SNAPSHOT_FAILED.name());
    }
    return new SnapshotResult(step.diskId(), done.id());
  }
}
