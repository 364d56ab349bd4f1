package dev.fullecs.backup;


import io.temporal.activity.ActivityInterface;

/** CBR backups of a whole server into a server backup vault. */
@ActivityInterface
public interface BackupActivities {

  /**
   * F7: creates the backup from the disks' snapshots (idempotent by key) and waits until it is
   * available, heartbeating a {@code StepProgress}, like {@code snapshotDisk}. Fails BACKUP_FAILED
   * if it ends in error and IMAGE_DELETED if the image was deleted meanwhile.
   */
  BackupResult backupServer(BackupStep step);
}
