package dev.fullecs.backup;

import io.temporal.activity.ActivityInterface;

/**
 * CBR backups of a whole server into a server backup vault (F7), in two steps like snapshots:
 * {@link #startBackup} changes the cloud and returns at once, {@link #awaitBackup} only waits. A
 * cancel waits for the first and never for the second: a backup already started is not waited
 * for (F11).
 */
@ActivityInterface
public interface BackupActivities {

  /**
   * F7: creates the backup from the disks' snapshots, idempotent by key, and returns its id without
   * waiting for it. Creates nothing when the image was already deleted (fails IMAGE_DELETED).
   */
  String startBackup(BackupStep step);

  /**
   * F7: waits until the backup is available; changes nothing. As for a snapshot, the worker's task
   * watcher holds the wait, heartbeats a {@code StepProgress} and completes the activity. Fails
   * BACKUP_FAILED if the backup ends in error and IMAGE_DELETED if the image was deleted meanwhile.
   */
  BackupResult awaitBackup(BackupWait wait);

  /**
   * Creates and waits in one activity: what creations started before the two-step backup (change
   * {@code failure-paths}) still call when they are replayed. Kept registered until those are gone.
   */
  BackupResult backupServer(BackupStep step);
}
