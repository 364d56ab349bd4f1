package dev.fullecs.emulator.timing;

import java.time.Duration;

/**
 * How long snapshots and backups take (F9). Each task moves data at most at its own rate; all
 * tasks of one kind in a region share a larger regional rate, so a few run at nearly full speed
 * while a hundred slow each other down. The duration is fixed when the task is created, from the
 * number of tasks of its kind then running in the region (the new one included).
 *
 * <p>With the defaults, the demo server (40 + 100 + 100 GiB) takes about 11 s for its snapshots
 * (the slowest disk, in parallel) and about 14 s for its first backup.
 */
public final class LoadModel {
  public static final double SNAPSHOT_BASE_S = 1.0;
  public static final double SNAPSHOT_TASK_GIB_S = 10.0;
  public static final double SNAPSHOT_REGION_GIB_S = 100.0;
  public static final double BACKUP_BASE_S = 2.0;
  public static final double BACKUP_TASK_GIB_S = 20.0;
  public static final double BACKUP_REGION_GIB_S = 200.0;
  /** A whole image from an available backup registers the backup's data rather than copying it: fast. */
  public static final double WHOLE_IMAGE_QUEUE_S = 1.0;
  public static final double WHOLE_IMAGE_BASE_S = 2.0;
  public static final double WHOLE_IMAGE_GIB_S = 100.0;
  /** In fixed-duration mode a whole image waits this long (wall time) in the queue, then takes the fixed backup time. */
  public static final long FIXED_WHOLE_IMAGE_QUEUE_MS = 1000;
  /** Share of a server's data an incremental backup carries. */
  public static final double INCREMENTAL_SHARE = 0.1;

  private final double timeScale;
  private final Duration fixedSnapshot;
  private final Duration fixedBackup;

  public LoadModel(double timeScale, Duration fixedSnapshot, Duration fixedBackup) {
    if (!(timeScale > 0)) {
      throw new IllegalArgumentException("time scale must be > 0, got " + timeScale);
    }
    this.timeScale = timeScale;
    this.fixedSnapshot = fixedSnapshot;
    this.fixedBackup = fixedBackup;
  }

  /** True when durations depend on how many tasks run (not in fixed-duration mode). */
  public boolean countsRunningSnapshots() {
    return fixedSnapshot == null;
  }

  /** True when durations depend on how many tasks run (not in fixed-duration mode). */
  public boolean countsRunningBackups() {
    return fixedBackup == null;
  }

  /** Duration of a snapshot of a disk of {@code sizeGib}, with {@code active} snapshots running in the region (this one included). */
  public long snapshotMillis(long sizeGib, int active) {
    if (fixedSnapshot != null) {
      return fixedSnapshot.toMillis();
    }
    return scaled(SNAPSHOT_BASE_S, sizeGib, SNAPSHOT_TASK_GIB_S, SNAPSHOT_REGION_GIB_S, active);
  }

  /** Duration of a backup carrying {@code sizeGib}, with {@code active} backups running in the region (this one included). */
  public long backupMillis(long sizeGib, int active) {
    if (fixedBackup != null) {
      return fixedBackup.toMillis();
    }
    return scaled(BACKUP_BASE_S, sizeGib, BACKUP_TASK_GIB_S, BACKUP_REGION_GIB_S, active);
  }

  /** F18: time to restore a server of {@code totalGib} from an image (all its disks). */
  public long restoreMillis(long totalGib) {
    if (fixedBackup != null) {
      return fixedBackup.toMillis();
    }
    return scaled(BACKUP_BASE_S, totalGib, BACKUP_TASK_GIB_S, BACKUP_REGION_GIB_S, 1);
  }

  /** F20: time to copy an image of {@code totalGib} to another region. */
  public long replicateMillis(long totalGib) {
    if (fixedBackup != null) {
      return fixedBackup.toMillis();
    }
    return scaled(BACKUP_BASE_S, totalGib, BACKUP_TASK_GIB_S, BACKUP_REGION_GIB_S, 1);
  }

  /**
   * A whole image made from an available backup (Huawei's CreateWholeImage from a CBR backup): how
   * long it waits in the image service's queue before its data is written.
   */
  public long wholeImageQueueMillis() {
    if (fixedBackup != null) {
      return FIXED_WHOLE_IMAGE_QUEUE_MS;
    }
    return Math.max(1, Math.round(WHOLE_IMAGE_QUEUE_S * 1000 * timeScale));
  }

  /** A whole image of {@code totalGib} made from an available backup: how long its data takes to be written. */
  public long wholeImageMillis(long totalGib) {
    if (fixedBackup != null) {
      return fixedBackup.toMillis();
    }
    return scaled(WHOLE_IMAGE_BASE_S, totalGib, WHOLE_IMAGE_GIB_S, WHOLE_IMAGE_GIB_S, 1);
  }

  /** GiB an incremental backup of a server of {@code totalGib} carries. */
  public static long incrementalSize(long totalGib) {
    return Math.max(1, (long) Math.ceil(totalGib * INCREMENTAL_SHARE));
  }

  private long scaled(double baseS, long sizeGib, double taskRate, double regionRate, int active) {
    double rate = Math.min(taskRate, regionRate / Math.max(1, active));
    double seconds = baseS + sizeGib / rate;
    return Math.max(1, Math.round(seconds * 1000 * timeScale));
  }
}
