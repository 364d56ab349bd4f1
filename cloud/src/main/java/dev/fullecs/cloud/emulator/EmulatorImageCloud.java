package dev.fullecs.cloud.emulator;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.CloudNotFoundException;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.ImageSpec;
import dev.fullecs.cloud.Region;
import dev.fullecs.cloud.ResourceFilter;
import dev.fullecs.cloud.Server;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.cloud.TaskWait;
import dev.fullecs.cloud.TenantSettings;
import dev.fullecs.cloud.Vault;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ImageCloud} on the emulator's own API ({@code docs/cloud-api.md}): each step is one call of
 * a {@link CloudClient} (in production a {@link HttpCloudClient} with the worker's timeouts and quick
 * retries), exactly the call the activities made before the port existed, so that recorded
 * histories and every test behave as before. The own API has every step the workflow has: an image
 * record before any snapshot, per-disk snapshots, a backup from them, the image's status set by the
 * image service, and idempotency keys on every call.
 */
public final class EmulatorImageCloud implements ImageCloud {
  private final CloudClient cloud;
  /** False once the emulator answered that it has no wait over many tasks. */
  private volatile boolean batchWait = true;

  public EmulatorImageCloud(CloudClient cloud) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
  }

  /** The client underneath, for what is not a step (tests, the starter's admin calls). */
  public CloudClient client() {
    return cloud;
  }

  @Override
  public String toString() {
    return "EmulatorImageCloud[" + cloud + "]";
  }

  @Override
  public Server server(String tenant, String serverId) {
    return cloud.getServer(tenant, serverId);
  }

  @Override
  public Vault vault(String tenant, String vaultId) {
    return cloud.getVault(tenant, vaultId);
  }

  @Override
  public Backup backup(String tenant, String backupId) {
    return cloud.getBackup(tenant, backupId);
  }

  @Override
  public List<Image> images(String tenant, ResourceFilter filter) {
    return cloud.listImages(tenant, filter);
  }

  @Override
  public TenantSettings settings(String tenant) {
    return cloud.settings(tenant);
  }

  @Override
  public List<Region> regions(String tenant) {
    return cloud.regions(tenant);
  }

  @Override
  public Image image(String tenant, String imageId) {
    return cloud.getImage(tenant, imageId);
  }

  /** The emulator's lock names its holder and refuses anyone else. */
  @Override
  public boolean locksNameTheirHolder() {
    return true;
  }

  @Override
  public void lockServer(String tenant, String serverId, String holder, String idempotencyKey) {
    cloud.lockServer(tenant, serverId, holder, idempotencyKey);
  }

  @Override
  public void unlockServer(String tenant, String serverId, String holder, String idempotencyKey) {
    cloud.unlockServer(tenant, serverId, holder, idempotencyKey);
  }

  @Override
  public Image createImageRecord(String tenant, ImageSpec spec, String idempotencyKey) {
    return cloud.createImage(tenant, spec, idempotencyKey);
  }

  @Override
  public Snapshot startSnapshot(SnapshotStart s) {
    return cloud.createSnapshot(s.tenant(), s.diskId(), s.name(), s.imageId(), s.idempotencyKey());
  }

  @Override
  public Snapshot awaitSnapshot(String tenant, String snapshotId, Duration maxWait) {
    return cloud.waitForSnapshot(tenant, snapshotId, maxWait);
  }

  @Override
  public Image recordSnapshots(
      String tenant, String imageId, List<String> snapshotIds, String idempotencyKey) {
    return cloud.setImageSnapshots(tenant, imageId, snapshotIds, idempotencyKey);
  }

  @Override
  public Image makeUsableInSourceAz(String tenant, String imageId, String idempotencyKey) {
    return cloud.markImageNormal(tenant, imageId, CloudClient.NormalScope.AZ, idempotencyKey);
  }

  @Override
  public Backup startBackup(BackupStart b) {
    return cloud.createBackup(
        b.tenant(), b.serverId(), b.vaultId(), b.snapshotIds(), b.name(), b.imageId(),
        b.idempotencyKey());
  }

  @Override
  public Backup awaitBackup(String tenant, String backupId, Duration maxWait) {
    return cloud.waitForBackup(tenant, backupId, maxWait);
  }

  /**
   * Issue 15: the emulator's long-poll over many tasks ({@code POST /v1/{tenant}/tasks/wait}). An
   * emulator from before it has no such route: from then on, the port's task-by-task reads.
   */
  @Override
  public TaskWait waitForTasks(
      String tenant, Collection<String> snapshotIds, Collection<String> backupIds,
      Collection<String> imageIds, Duration maxWait) {
    if (batchWait) {
      try {
        return cloud.waitForTasks(tenant, snapshotIds, backupIds, imageIds, maxWait);
      } catch (CloudNotFoundException e) {
        if (!"ROUTE_NOT_FOUND".equals(e.errorCode())) {
          throw e;
        }
        batchWait = false;
      }
    }
    return ImageCloud.super.waitForTasks(tenant, snapshotIds, backupIds, imageIds, maxWait);
  }

  /** The record exists since F4: the backup is only written on it ({@code spec} is not needed). */
  @Override
  public Image recordBackup(
      String tenant, String imageId, String backupId, ImageSpec spec, String idempotencyKey) {
    return cloud.setImageBackup(tenant, imageId, backupId, idempotencyKey);
  }

  @Override
  public Image makeNormalInRegion(String tenant, String imageId, String idempotencyKey) {
    return cloud.markImageNormal(tenant, imageId, CloudClient.NormalScope.REGION, idempotencyKey);
  }

  /** The own API finds a resource by the key that made it; the image id is not needed. */
  @Override
  public Optional<Snapshot> snapshotMadeBy(String tenant, String imageId, String idempotencyKey) {
    return cloud.findSnapshotByKey(tenant, idempotencyKey);
  }

  @Override
  public Optional<Backup> backupMadeBy(String tenant, String imageId, String idempotencyKey) {
    return cloud.findBackupByKey(tenant, idempotencyKey);
  }

  @Override
  public Image recordRetained(String tenant, String imageId, String note, String idempotencyKey) {
    return cloud.setImageRetained(tenant, imageId, note, idempotencyKey);
  }

  @Override
  public Image deleteImageKeepingBackups(String tenant, String imageId, String idempotencyKey) {
    return cloud.deleteImage(tenant, imageId, false, idempotencyKey);
  }

  @Override
  public Image markImageError(String tenant, String imageId, String reason, String idempotencyKey) {
    return cloud.markImageError(tenant, imageId, reason, idempotencyKey);
  }

  @Override
  public Server createServer(
      String tenant, String name, String imageId, String az, String idempotencyKey) {
    return cloud.createServer(tenant, name, imageId, az, null, idempotencyKey);
  }

  @Override
  public Server deleteServer(String tenant, String serverId, String idempotencyKey) {
    return cloud.deleteServer(tenant, serverId, idempotencyKey);
  }

  @Override
  public Image replicateImage(String tenant, String imageId, String region, String idempotencyKey) {
    return cloud.replicateImage(tenant, imageId, region, idempotencyKey);
  }
}
