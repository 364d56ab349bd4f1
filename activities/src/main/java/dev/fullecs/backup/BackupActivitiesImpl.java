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
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;

/** {@link BackupActivities} on the {@link ImageCloud} port, with the image service's credential. */
public class BackupActivitiesImpl implements BackupActivities {
  private final ImageCloud cloud;
  private final WaitOptions wait;

  /** On the emulator's own API. */
  public BackupActivitiesImpl(CloudClient cloud) {
    this(cloud, WaitOptions.defaults());
  }

  /** On the emulator's own API. */
  public BackupActivitiesImpl(CloudClient cloud, WaitOptions wait) {
    this(new EmulatorImageCloud(cloud), wait);
  }

  public BackupActivitiesImpl(ImageCloud cloud, WaitOptions wait) {
    this.cloud = cloud;
    this.wait = wait;
  }

  @Override
  public String startBackup(BackupStep step) {
    return create(step).id();
  }

  @Override
  public BackupResult awaitBackup(BackupWait w) {
    Backup done =
        HeartbeatingWait.until(
            Activity.getExecutionContext(),
            wait,
            new StepProgress(w.backupId(), null, 0, Backup.PROTECTING),
            () -> cloud.awaitBackup(w.tenant(), w.backupId(), wait.pollWait()),
            b -> !Backup.PROTECTING.equals(b.status()),
            b -> new StepProgress(b.id(), null, b.progress(), b.status()),
            () -> ImageDeletionCheck.failIfDeleted(cloud, w.tenant(), w.imageId()),
            "backup " + w.backupId());
    if (!done.isAvailable()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "backup " + done.id() + " of server " + w.serverId() + " ended in status "
              + done.status(),
          FailureType.BACKUP_FAILED.name());
    }
    return new BackupResult(done.id(), done.sizeGib(), done.incremental());
  }

  @Override
  public BackupResult backupServer(BackupStep step) {
    Backup created = create(step);
    return awaitBackup(new BackupWait(step.tenant(), step.imageId(), step.serverId(), created.id()));
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
