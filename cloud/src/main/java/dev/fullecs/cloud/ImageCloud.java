package dev.fullecs.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The port (issue 13): the cloud as the worker's steps use it, one method per thing a step does, in
 * the workflow's order. Two implementations: {@link dev.fullecs.cloud.emulator.EmulatorImageCloud}
 * (the emulator's own API, {@code docs/cloud-api.md}) and {@link
 * dev.fullecs.cloud.huaweicloud.HuaweiImageCloud} (Huawei Cloud through its official SDK), chosen at
 * start-up by {@link Clouds}. The contract suite ({@code ImageCloudContract} in this module's tests)
 * runs every implementation through the same steps.
 *
 * <p>Ids: {@code imageId} is always the id the workflow chose (F3 names it as the lock's holder). A
 * cloud that picks its own image ids (Huawei's IMS) maps the workflow's id onto its image by a tag;
 * snapshot and backup ids are whatever the cloud returns and are only handed back to this port.
 *
 * <p>Every call acts for the tenant it names with the implementation's credential for that tenant.
 * Every call that changes something takes an idempotency key: the same key returns the first result
 * and creates nothing (F13); a cloud without idempotency keys puts the key into the resource (a name,
 * a tag) and looks it up before creating. Failures are {@link CloudException}s whose {@link
 * CloudException#retryable()} says whether trying again can help; a missing resource is {@link
 * CloudNotFoundException}.
 */
public interface ImageCloud {

  // Validation (F2): reads only

  Server server(String tenant, String serverId);

  Vault vault(String tenant, String vaultId);

  Backup backup(String tenant, String backupId);

  /** The tenant's images and those shared with it; {@code filter} by name, status or key. */
  List<Image> images(String tenant, ResourceFilter filter);

  TenantSettings settings(String tenant);

  List<Region> regions(String tenant);

  /** The image the workflow's id names (F11a checks it before creating anything). */
  Image image(String tenant, String imageId);

  // The lock (F3)

  /**
   * Whether this cloud's lock records who holds it, and refuses a lock or unlock by anyone else
   * ({@code ECS_LOCKED}, {@code LOCK_NOT_HELD}). When it does not (Huawei Cloud's Nova lock), a
   * lost race is not refused by the cloud, so the creation holds the server itself (F3).
   */
  default boolean locksNameTheirHolder() {
    return false;
  }

  /** Locks the server for the image {@code holder}; again by the same holder is a no-op. */
  void lockServer(String tenant, String serverId, String holder, String idempotencyKey);

  /**
   * Unlocks the server; a no-op when unlocked. A cloud that records the holder refuses anyone else
   * with {@link CloudConflictException} {@code LOCK_NOT_HELD}.
   */
  void unlockServer(String tenant, String serverId, String holder, String idempotencyKey);

  // The image record (F4)

  /** F4: the image, CREATING, under the workflow's id. */
  Image createImageRecord(String tenant, ImageSpec spec, String idempotencyKey);

  // The disks' snapshots (F5, F6)

  /** Starts the snapshot of one disk (or finds the one the key started); returns at once. */
  Snapshot startSnapshot(SnapshotStart start);

  /** Returns when the snapshot leaves {@code creating}, or after about {@code maxWait}. */
  Snapshot awaitSnapshot(String tenant, String snapshotId, Duration maxWait);

  /** F5: the snapshot ids on the image. */
  Image recordSnapshots(String tenant, String imageId, List<String> snapshotIds, String idempotencyKey);

  /** F6: NORMAL in the source AZ, once the snapshots exist. */
  Image makeUsableInSourceAz(String tenant, String imageId, String idempotencyKey);

  // The backup (F7)

  /** Starts the CBR backup of the server (or finds the one the key started); returns at once. */
  Backup startBackup(BackupStart start);

  /** Returns when the backup leaves {@code protecting}, or after about {@code maxWait}. */
  Backup awaitBackup(String tenant, String backupId, Duration maxWait);

  /**
   * F7: the backup on the image. {@code spec}, when the workflow passes it (null in histories from
   * before issue 13), describes the image again for a cloud that can only make the image now, from
   * the backup (Huawei's IMS CreateWholeImage).
   */
  Image recordBackup(
      String tenant, String imageId, String backupId, ImageSpec spec, String idempotencyKey);

  /** F7: NORMAL in every AZ of the region, once the backup is available. */
  Image makeNormalInRegion(String tenant, String imageId, String idempotencyKey);

  /**
   * Issue 15: one wait over many snapshots and backups of a tenant. Returns when one of them is no
   * longer running or unknown, or one of the images is DELETED, or after about {@code maxWait}, with
   * the progress of those still running. This default reads them ({@link #readTasks}) every few
   * seconds until there is news or the wait is over: a cloud without a call over many tasks
   * (Huawei) keeps reads per round. The emulator's implementation overrides it with its long-poll
   * {@code POST /v1/{tenant}/tasks/wait}.
   */
  default TaskWait waitForTasks(
      String tenant, Collection<String> snapshotIds, Collection<String> backupIds,
      Collection<String> imageIds, Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      TaskWait found = readTasks(tenant, snapshotIds, backupIds, imageIds);
      long left = deadline - System.nanoTime();
      if (found.anyNews() || left <= 0) {
        return found;
      }
      try {
        Thread.sleep(Math.min(5_000, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return found;
      }
    }
  }

  /**
   * One round of {@link #waitForTasks}'s default: each snapshot and backup read once without
   * waiting ({@link #awaitSnapshot}, {@link #awaitBackup}), each image ({@link #image}).
   */
  default TaskWait readTasks(
      String tenant, Collection<String> snapshotIds, Collection<String> backupIds,
      Collection<String> imageIds) {
    List<Snapshot> snapshots = new ArrayList<>();
    List<Backup> backups = new ArrayList<>();
    List<String> notFound = new ArrayList<>();
    for (String id : snapshotIds) {
      try {
        snapshots.add(awaitSnapshot(tenant, id, Duration.ZERO));
      } catch (CloudNotFoundException e) {
        notFound.add(id);
      }
    }
    for (String id : backupIds) {
      try {
        backups.add(awaitBackup(tenant, id, Duration.ZERO));
      } catch (CloudNotFoundException e) {
        notFound.add(id);
      }
    }
    return TaskWait.sorted(snapshots, backups, notFound, deletedImages(tenant, imageIds));
  }

  /** Those of {@code imageIds} that are DELETED; an image not there yet is not deleted. */
  default List<String> deletedImages(String tenant, Collection<String> imageIds) {
    List<String> deleted = new ArrayList<>();
    for (String id : imageIds) {
      try {
        if (image(tenant, id).isDeleted()) {
          deleted.add(id);
        }
      } catch (CloudNotFoundException e) {
        // an image not there yet (Huawei makes it only from the backup) is not deleted
      }
    }
    return deleted;
  }


  // Cleanup (F11-F16): finds what the creation's keys made, never creates anything

  /** The snapshot that {@code idempotencyKey} made for the image, if any. */
  Optional<Snapshot> snapshotMadeBy(String tenant, String imageId, String idempotencyKey);

  /** The backup that {@code idempotencyKey} made for the image, if any. */
  Optional<Backup> backupMadeBy(String tenant, String imageId, String idempotencyKey);

  /** F11: what was retained, in one sentence, on the record (accepted in every status). */
  Image recordRetained(String tenant, String imageId, String note, String idempotencyKey);

  /** F11, F11a: the image DELETED, its snapshots and backup kept; a DELETED image stays so. */
  Image deleteImageKeepingBackups(String tenant, String imageId, String idempotencyKey);

  /** F14: ERROR with the reason; refused for a region-wide NORMAL or a DELETED image. */
  Image markImageError(String tenant, String imageId, String reason, String idempotencyKey);

  // After the image (F18, F20)

  /** F18: a new server from a full-ECS image, BUILDING until its disks are restored, then RUNNING. */
  Server createServer(
      String tenant, String name, String imageId, String az, String idempotencyKey);

  /** The server DELETED. */
  Server deleteServer(String tenant, String serverId, String idempotencyKey);

  /** F20: a replica of a region-wide image in {@code region}, CREATING until copied. */
  Image replicateImage(String tenant, String imageId, String region, String idempotencyKey);

  /** One disk's snapshot for the image {@code imageId} (F5). */
  record SnapshotStart(
      String tenant, String imageId, String serverId, String diskId, String name, String idempotencyKey) {}

  /** The CBR backup of the server for the image {@code imageId}, from its snapshots (F7). */
  record BackupStart(
      String tenant,
      String imageId,
      String serverId,
      String vaultId,
      List<String> snapshotIds,
      String name,
      String idempotencyKey) {
    public BackupStart {
      snapshotIds = snapshotIds == null ? List.of() : List.copyOf(snapshotIds);
    }
  }
}
