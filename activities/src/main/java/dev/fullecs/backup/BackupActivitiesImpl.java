package dev.fullecs.backup;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.image.CloudFailures;
import dev.fullecs.contract.FailureType;
import dev.fullecs.image.HeartbeatingWait;
import dev.fullecs.image.ImageDeletionCheck;
import dev.fullecs.contract.StepProgress;
import dev.fullecs.image.WaitOptions;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;

/** {@link BackupActivities} on a {@link CloudClient} that holds the image service's credential. */
public class BackupActivitiesImpl implements BackupActivities {
  private final CloudClient cloud;
  private final WaitOptions wait;

  public BackupActivitiesImpl(CloudClient cloud) {
    this(cloud, WaitOptions.defaults());
  }

  public BackupActivitiesImpl(CloudClient cloud, WaitOptions wait) {
    this.cloud = cloud;
    this.wait = wait;
  }

  @Override
  public BackupResult backupServer(BackupStep step) {
    String tenant = step.tenant();
    ImageDeletionCheck.failIfDeleted(cloud, tenant, step.imageId());
    Backup created;
    try {
      created =
          cloud.createBackup(
              tenant, step.serverId(), step.vaultId(), step.snapshotIds(), step.name(),
              step.imageId(), step.idempotencyKey());
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "create the backup of server " + step.serverId());
    }
    Backup done =
        HeartbeatingWait.until(
            Activity.getExecutionContext(),
            wait,
            created,
            b -> cloud.waitForBackup(tenant, b.id(), wait.pollWait()),
            b -> !Backup.PROTECTING.equals(b.status()),
            b -> new StepProgress(b.id(), null, b.progress(), b.status()),
            () -> ImageDeletionCheck.failIfDeleted(cloud, tenant, step.imageId()),
            "backup " + created.id());
    if (!done.isAvailable()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "backup " + done.id() + " of server " + step.serverId() + " ended in status "
              + done.status(),
          FailureType.BACKUP_FAILED.name());
    }
    return new BackupResult(done.id(), done.sizeGib(), done.incremental());
  }
}
