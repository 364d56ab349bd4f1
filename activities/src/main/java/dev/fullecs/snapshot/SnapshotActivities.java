package dev.fullecs.snapshot;


import io.temporal.activity.ActivityInterface;

/** Snapshots of EVS disks. */
@ActivityInterface
public interface SnapshotActivities {

  /**
   * F5: creates the disk's snapshot (idempotent by key: a retry finds the same snapshot) and waits
   * until it is available, long-polling the cloud and heartbeating a {@code StepProgress}; so
   * waiting adds nothing to the history. Fails SNAPSHOT_FAILED if the snapshot ends in error and
   * IMAGE_DELETED if the image was deleted meanwhile (F11a). Honours cancellation at the next
   * heartbeat.
   */
  SnapshotResult snapshotDisk(SnapshotStep step);
}
