package dev.fullecs.cloud;

import java.util.List;

/**
 * The port as a user sees the cloud, with the tenant's own credential (F23): what the starter reads
 * (servers, images, snapshots, backups, regions) and what a tenant may do itself (change a server's
 * OS, share and delete its images, delete retained snapshots and backups, and be refused export and
 * publish). It never locks servers or creates images; that is the worker's {@link ImageCloud}.
 * Every change carries an idempotency key and is retried quickly after a transient failure, as the
 * worker's calls are. Implementations: {@link dev.fullecs.cloud.emulator.EmulatorTenantCloud};
 * chosen by {@link Clouds#tenantCloud}.
 */
public interface TenantCloud {

  /** The tenant this credential acts for. */
  String tenant();

  /** Where the cloud is, for messages (a URL, or a Huawei region). */
  String location();

  /** Who the credential acts for; checked before anything changes (F23). */
  WhoAmI whoami();

  Server server(String serverId);

  List<Server> servers();

  Image image(String imageId);

  /** The tenant's images and those shared with it. */
  List<Image> images();

  List<Snapshot> snapshotsOfServer(String serverId);

  Snapshot snapshot(String snapshotId);

  List<Backup> backupsOfServer(String serverId);

  Backup backup(String backupId);

  List<Region> regions();

  /** F19: the server's OS from a full-ECS image; the answer's {@code lastChangeOs} says what was written. */
  Server changeOs(String serverId, String imageId, String idempotencyKey);

  /**
   * A tenant's ordinary action on a server ({@code reboot}), as a user tries it during a creation: the
   * cloud refuses it while the server is locked (F3, {@link CloudConflictException}). The chaos run
   * uses it to check the lock holds.
   */
  Server reboot(String serverId, String idempotencyKey);

  /** F21: the image visible, read-only, to {@code otherTenant}. */
  Image share(String imageId, String otherTenant, String idempotencyKey);

  /** F20: export or publish, always refused for a full-ECS image ({@code operation}: export, publish). */
  Image refusedImageOperation(String imageId, String operation, String idempotencyKey);

  /** The image DELETED; its backup too only if {@code deleteBackup} (the snapshots are kept). */
  Image deleteImage(String imageId, boolean deleteBackup, String idempotencyKey);

  void deleteSnapshot(String snapshotId, String idempotencyKey);

  void deleteBackup(String backupId, String idempotencyKey);
}
