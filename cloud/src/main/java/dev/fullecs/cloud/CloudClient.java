package dev.fullecs.cloud;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The cloud operations a full-ECS image needs, named after the cloud's services: ECS (servers),
 * EVS (snapshots), CBR (vaults, backups), IMS (images). Every call acts for the tenant it names;
 * the credential is the implementation's. Every mutating call takes an idempotency key: the same
 * key and body return the first result and create nothing (F13).
 *
 * <p>Failures are {@link CloudException}s whose {@link CloudException#retryable()} says whether
 * trying again can help. {@link HttpCloudClient} implements this against the contract in
 * {@code docs/cloud-api.md}; a real cloud adapter can implement it too.
 */
public interface CloudClient {

  // Identity and tenant settings

  /** Who the credential acts for; lets a client check a token before it changes anything (F23). */
  WhoAmI whoami(String tenant);

  TenantSettings settings(String tenant);

  List<Region> regions(String tenant);

  // ECS

  List<Server> listServers(String tenant);

  Server getServer(String tenant, String serverId);

  /** F3: locks the server for an image; again by the same holder is a no-op. Service credential. */
  Server lockServer(String tenant, String serverId, String holder, String idempotencyKey);

  /**
   * F3: unlocks the server; a no-op when unlocked. By anyone but the holder: {@link
   * CloudConflictException} {@code LOCK_NOT_HELD}. Service credential.
   */
  Server unlockServer(String tenant, String serverId, String holder, String idempotencyKey);

  /**
   * An ordinary server action, e.g. {@code stop} with {@code {}} or {@code resize} with {@code
   * {"flavor": "s6.large.2"}}; refused with {@code ECS_LOCKED} while the server is locked.
   */
  Server serverAction(
      String tenant, String serverId, String action, Object parameters, String idempotencyKey);

  // EVS

  /**
   * A snapshot of the disk, made for the image {@code imageId} (optional): while that image is
   * CREATING or NORMAL, the snapshot cannot be deleted as retained (F11).
   */
  Snapshot createSnapshot(String tenant, String diskId, String name, String imageId, String idempotencyKey);

  Snapshot getSnapshot(String tenant, String snapshotId);

  /** Long-poll: returns when the snapshot leaves {@code creating}, or after {@code maxWait}. */
  Snapshot waitForSnapshot(String tenant, String snapshotId, Duration maxWait);

  List<Snapshot> listSnapshots(String tenant, ResourceFilter filter);

  /** The snapshot the key created, if any. Never creates anything. */
  default Optional<Snapshot> findSnapshotByKey(String tenant, String idempotencyKey) {
    return listSnapshots(tenant, ResourceFilter.byIdempotencyKey(idempotencyKey)).stream()
        .findFirst();
  }

  // CBR

  List<Vault> listVaults(String tenant);

  Vault getVault(String tenant, String vaultId);

  /**
   * A CBR backup of the server from its snapshots, made for the image {@code imageId} (optional):
   * while that image is CREATING or NORMAL, the backup cannot be deleted as retained (F11).
   */
  Backup createBackup(
      String tenant,
      String serverId,
      String vaultId,
      List<String> snapshotIds,
      String name,
      String imageId,
      String idempotencyKey);

  Backup getBackup(String tenant, String backupId);

  /** Long-poll: returns when the backup leaves {@code protecting}, or after {@code maxWait}. */
  Backup waitForBackup(String tenant, String backupId, Duration maxWait);

  List<Backup> listBackups(String tenant, ResourceFilter filter);

  /**
   * Long-poll over many tasks at once ({@code POST /v1/{tenant}/tasks/wait}): returns when one of
   * the snapshots or backups is no longer running or unknown, or one of the images is DELETED, or
   * after {@code maxWait}, with the progress of those still running. An emulator from before issue
   * 15 has no such call and answers {@link CloudNotFoundException} {@code ROUTE_NOT_FOUND}; {@code
   * EmulatorImageCloud} then reads task by task.
   */
  TaskWait waitForTasks(
      String tenant, Collection<String> snapshotIds, Collection<String> backupIds,
      Collection<String> imageIds, Duration maxWait);

  /** The backup the key created, if any. Never creates anything. */
  default Optional<Backup> findBackupByKey(String tenant, String idempotencyKey) {
    return listBackups(tenant, ResourceFilter.byIdempotencyKey(idempotencyKey)).stream()
        .findFirst();
  }

  // IMS

  /** F4: creates the record with status CREATING. Service credential. */
  Image createImage(String tenant, ImageSpec spec, String idempotencyKey);

  Image getImage(String tenant, String imageId);

  /** The tenant's images and those shared with it. */
  List<Image> listImages(String tenant, ResourceFilter filter);

  Image setImageSnapshots(String tenant, String imageId, List<String> snapshotIds, String idempotencyKey);

  Image setImageBackup(String tenant, String imageId, String backupId, String idempotencyKey);

  /**
   * F6, F7: NORMAL in the source AZ ({@link NormalScope#AZ}) or the whole region; the cloud refuses
   * unless the snapshots, or the backup, are available.
   */
  Image markImageNormal(String tenant, String imageId, NormalScope scope, String idempotencyKey);

  /** F14: ERROR with the reason; refused for a region-wide NORMAL or a DELETED image. */
  Image markImageError(String tenant, String imageId, String reason, String idempotencyKey);

  /** F11: what was retained, in one sentence, on the record (accepted in every status). */
  Image setImageRetained(String tenant, String imageId, String note, String idempotencyKey);

  /**
   * F11, F11a: image DELETED, releasing the lock a CREATING image holds; keeps the snapshots and
   * the backup unless {@code deleteBackup}. Deleting a DELETED image is a no-op.
   */
  Image deleteImage(String tenant, String imageId, boolean deleteBackup, String idempotencyKey);

  /**
   * F18: a new ECS from a full-ECS image (the tenant's own or one shared with it), BUILDING until
   * its disks are restored, then RUNNING.
   */
  Server createServer(String tenant, String name, String imageId, String az, String flavor, String idempotencyKey);

  /** F19: the server's OS from a full-ECS image; only the system disk is written. */
  Server changeOs(String tenant, String serverId, String imageId, String idempotencyKey);

  /** The server DELETED (a no-op for one already deleted is not promised: the cloud answers 200 either way). */
  Server deleteServer(String tenant, String serverId, String idempotencyKey);

  /** F21: the image visible, read-only, to {@code otherTenant}. */
  Image shareImage(String tenant, String imageId, String otherTenant, String idempotencyKey);

  /** F20: a replica of a region-wide image in {@code region}, CREATING until copied. */
  Image replicateImage(String tenant, String imageId, String region, String idempotencyKey);

  /** F20: always refused by the cloud for a full-ECS image; the refusal carries its reason. */
  Image exportImage(String tenant, String imageId, String idempotencyKey);

  /** F20: always refused by the cloud for a full-ECS image; the refusal carries its reason. */
  Image publishImage(String tenant, String imageId, String idempotencyKey);

  /** A retained snapshot deleted; refused while it is creating or a live image uses or makes it. */
  void deleteSnapshot(String tenant, String snapshotId, String idempotencyKey);

  /** A retained backup deleted; refused while it is protecting or a live image uses or makes it. */
  void deleteBackup(String tenant, String backupId, String idempotencyKey);

  /** Where a NORMAL image can be used. */
  enum NormalScope {
    AZ,
    REGION
  }
}
