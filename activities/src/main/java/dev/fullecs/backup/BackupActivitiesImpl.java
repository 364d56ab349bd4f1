package dev.fullecs.backup;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.ImageCloud;
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

/** {@link BackupActivities} on the {@link ImageCloud} port, with the image service's credential. */
public class BackupActivitiesImpl implements BackupActivities {
  private final ImageCloud cloud;
  private final TaskWatcher watcher;
  private final WaitOptions wait;

  /** On the emulator's own API. */
  public BackupActivitiesImpl(CloudClient cloud, TaskWatcher watcher) {
    this(new EmulatorImageCloud(cloud), watcher, WaitOptions.defaults());
  }

  /** @param watcher waits for the backups that {@link #awaitBackup} hands over */
  public BackupActivitiesImpl(ImageCloud cloud, TaskWatcher watcher) {
    this(cloud, watcher, WaitOptions.defaults());
  }

  /** @param wait how the one-piece {@link #backupServer} of earlier creations waits, on its own thread */
  public BackupActivitiesImpl(ImageCloud cloud, TaskWatcher watcher, WaitOptions wait) {
    this.cloud = cloud;
    this.watcher = watcher;
    this.wait = wait;
  }

  @Override
  public String startBackup(BackupStep step) {
    return create(step).id();
  }

  /**
   * Reads the backup once: one already finished is answered at once; one still being made is
   * handed to the {@link TaskWatcher}, and this returns without completing the activity.
   */
  @Override
  public BackupResult awaitBackup(BackupWait w) {
    Backup now;
    try {
      now = cloud.awaitBackup(w.tenant(), w.backupId(), Duration.ZERO);
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "report the status of backup " + w.backupId());
    }
    if (!Backup.PROTECTING.equals(now.status())) {
      return available(now, w.serverId());
    }
    watcher.watch(
        Activity.getExecutionContext(),
        CloudTask.backup(w.tenant(), w.backupId(), w.imageId(), b -> available(b, w.serverId())),
        new StepProgress(now.id(), null, now.progress(), now.status()));
    return null;
  }

  /** Creates and waits on this activity's own thread (the legacy one-piece step). */
  @Override
  public BackupResult backupServer(BackupStep step) {
    Backup created = create(step);
    Backup done =
        HeartbeatingWait.until(
            Activity.getExecutionContext(),
            wait,
            new StepProgress(created.id(), null, 0, Backup.PROTECTING),
            () -> cloud.awaitBackup(step.tenant(), created.id(), wait.pollWait()),
            b -> !Backup.PROTECTING.equals(b.status()),
            b -> new StepProgress(b.id(), null, b.progress(), b.status()),
            () -> ImageDeletionCheck.failIfDeleted(cloud, step.tenant(), step.imageId()),
            "backup " + created.id());
    return available(done, step.serverId());
  }

  /** F7: the backup's result, or BACKUP_FAILED when it ended in error. */
  private static BackupResult available(Backup done, String serverId) {
    if (!done.isAvailable()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "backup " + done.id() + " of server " + serverId + " ended in status " + done.status(),
          FailureType.BACKUP_FAILED.name());
    }
    return new BackupResult(done.id(), done.sizeGib(), done.incremental());
  }

  private Backup create(BackupStep step) {
    ImageDeletionCheck.failIfDeleted(cloud, step.tenant(), step.imageId());
    try {
      return cloud.startBackup(
          new ImageCloud.BackupStart(
              step.tenant(), step.imageId(), step.serverId(), step.vaultId(), step.snapshotIds(),
              step.name(), step.idempotencyKey()));
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "create the backup of server " + step.serverId());
    }
  }
}
