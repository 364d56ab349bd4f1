package dev.fullecs.snapshot;

import io.temporal.activity.ActivityInterface;

/**
 * Snapshots of EVS disks (F5). A snapshot is taken in two steps: {@link #startSnapshot} changes
 * the cloud and returns at once; {@link #awaitSnapshot} only waits. So a cancel (F11) waits for the
 * first, which may be creating something, and never for the second, which can take hours.
 */
@ActivityInterface
public interface SnapshotActivities {

  /**
   * F5: creates the disk's snapshot, idempotent by key (a retry, also after a lost response, finds
   * the same snapshot), and returns its id without waiting for it. Creates nothing when the image
   * was already deleted (fails IMAGE_DELETED, F11a).
   */
  SnapshotResult startSnapshot(SnapshotStep step);

  /**
   * F5: waits until the snapshot is available. Changes nothing in the cloud. The wait is the
   * worker's task watcher's, not a thread's: the activity hands the snapshot over and returns
   * without completing; the watcher heartbeats a {@code StepProgress} (so waiting adds nothing to
   * the history) and completes it. Fails SNAPSHOT_FAILED if the snapshot ends in error and
   * IMAGE_DELETED if the image was deleted meanwhile.
   */
  SnapshotResult awaitSnapshot(SnapshotWait wait);

  /**
   * Creates and waits in one activity: what creations started before the two-step snapshot (change
   * {@code failure-paths}) still call when they are replayed. Kept registered until those are gone.
   */
  SnapshotResult snapshotDisk(SnapshotStep step);
}
