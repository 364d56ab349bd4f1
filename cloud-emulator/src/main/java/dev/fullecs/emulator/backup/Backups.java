package dev.fullecs.emulator.backup;

import dev.fullecs.emulator.fault.Faults;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.snapshot.ImageLinks;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.snapshot.Snapshots;
import dev.fullecs.emulator.store.Ids;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.timing.LoadModel;
import dev.fullecs.emulator.timing.LongPoll;
import dev.fullecs.emulator.vault.Vault;
import dev.fullecs.emulator.vault.Vaults;
import java.util.ArrayList;
import java.util.List;

/**
 * CBR backups of one server, built from available snapshots of its disks into a vault that can
 * hold them and has room: full the first time a server is backed up into a vault, incremental
 * after. Status and progress follow from the time model (F9); a backup still being made cannot be
 * deleted, and a deleted backup gives its space back to the vault.
 */
public final class Backups {
  private final Store store;
  private final LoadModel load;
  private final Faults faults;
  private final Vaults vaults;
  private final ImageLinks images;
  private final Snapshots snapshots;

  public Backups(Store store, LoadModel load, Faults faults, Vaults vaults, ImageLinks images, Snapshots snapshots) {
    this.store = store;
    this.load = load;
    this.faults = faults;
    this.vaults = vaults;
    this.images = images;
    this.snapshots = snapshots;
  }

  /** A backup of the tenant's server {@code serverId} into {@code vaultId}, made for the image {@code imageId} (or none). */
  public Backup create(Tx tx, String tenant, String serverId, String vaultId, List<String> snapshotIds, String name,
      String imageId, String idempotencyKey) {
    Server server = backedUpServer(tx, tenant, serverId);
    Vault vault = vaults.usableFor(tx, tenant, vaultId, server);
    images.requireImage(tx, tenant, imageId);
    long now = tx.nowMs();
    List<String> snapshots = snapshotIds == null ? List.of() : snapshotIds;
    for (String sid : snapshots) {
      Snapshot s = tx.get(Snapshot.class, tenant, sid);
      if (s == null) {
        throw Refusal.notFound("snapshot", sid);
      }
      if (!server.id.equals(s.serverId)) {
        throw Refusal.unacceptable("SNAPSHOT_NOT_OF_SERVER",
            "snapshot " + sid + " is of server " + s.serverId + ", not " + server.id);
      }
      if (!"available".equals(s.status(now))) {
        throw Refusal.conflict("SNAPSHOTS_NOT_AVAILABLE",
            "snapshot " + sid + " is " + s.status(now) + "; a backup needs available snapshots");
      }
    }
    Backup b = newBackup(tx, tenant, server, vault, name, now);
    b.snapshotIds = new ArrayList<>(snapshots);
    b.idempotencyKey = idempotencyKey;
    b.imageId = imageId;
    int active = load.countsRunningBackups() ? 1 + running(server.region, now) : 1;
    b.completesMs = now + load.backupMillis(b.sizeGib, active);
    b.outcome = faults.taskError(tx.operation()) ? "error" : "available";
    tx.put(b);
    tx.audit(b.tenant, b.id, (b.incremental ? "incremental" : "full") + " backup of server " + server.id
        + " into vault " + vault.id + ", " + b.sizeGib + " GiB, " + (b.completesMs - now) + " ms");
    return b;
  }

  /**
   * CBR's checkpoint of a server (F24: the cloud takes the disks' snapshots and the backup itself):
   * one snapshot of every disk, taken now, and a backup of the server into the vault made from them,
   * which starts once the last snapshot is taken. Its restore mode goes {@code na} → {@code snapshot}
   * (every snapshot available) → {@code backup} (the backup available); its status {@code protecting}
   * → {@code available}, or {@code error} if a snapshot or the backup fails. Full the first time the
   * server is backed up into the vault, incremental after; the vault must have room. A locked server
   * is backed up like any other (what the real cloud does there is taken from its documentation only).
   */
  public Backup checkpoint(Tx tx, String tenant, String serverId, String vaultId, String name, String idempotencyKey) {
    Server server = backedUpServer(tx, tenant, serverId);
    Vault vault = vaults.usableFor(tx, tenant, vaultId, server);
    long now = tx.nowMs();
    Backup b = newBackup(tx, tenant, server, vault, name, now);
    List<Snapshot> taken = snapshots.ofEveryDisk(tx, tenant, server, b.name);
    long snapshotsDone = now;
    boolean snapshotFailed = false;
    for (Snapshot s : taken) {
      b.snapshotIds.add(s.id);
      snapshotsDone = Math.max(snapshotsDone, s.completesMs);
      snapshotFailed |= "error".equals(s.outcome);
    }
    b.checkpointId = Ids.next("checkpoint");
    b.idempotencyKey = idempotencyKey;
    b.snapshotsDoneMs = snapshotsDone;
    int active = load.countsRunningBackups() ? 1 + running(server.region, now) : 1;
    b.completesMs = snapshotFailed ? snapshotsDone : snapshotsDone + load.backupMillis(b.sizeGib, active);
    b.outcome = snapshotFailed || faults.taskError(tx.operation()) ? "error" : "available";
    tx.put(b);
    tx.audit(b.tenant, b.id, "checkpoint " + b.checkpointId + ": snapshots " + b.snapshotIds + " of server "
        + server.id + ", then a " + (b.incremental ? "incremental" : "full") + " backup into vault " + vault.id
        + ", " + b.sizeGib + " GiB, " + (b.completesMs - now) + " ms in all");
    return b;
  }

  /** What the backup can restore at {@code nowMs} (CBR's {@code supported_restore_mode}). */
  public RestoreMode restoreMode(Backup b, long nowMs) {
    String status = b.status(nowMs);
    if ("available".equals(status)) {
      return RestoreMode.BACKUP;
    }
    if ("error".equals(status) || b.snapshotIds.isEmpty()) {
      return RestoreMode.NONE;
    }
    for (String sid : b.snapshotIds) {
      Snapshot s = store.get(Snapshot.class, b.tenant, sid);
      if (s == null || !"available".equals(s.status(nowMs))) {
        return RestoreMode.NONE;
      }
    }
    return RestoreMode.SNAPSHOT;
  }

  /** The backup a checkpoint took (one server per checkpoint), or a refusal (CHECKPOINT_NOT_FOUND). */
  public Backup ofCheckpoint(String tenant, String checkpointId) {
    for (Backup b : store.list(Backup.class, tenant)) {
      if (checkpointId != null && checkpointId.equals(b.checkpointId)) {
        return b;
      }
    }
    throw Refusal.notFound("checkpoint", checkpointId);
  }

  /** The backup of the tenant, or a refusal (BACKUP_NOT_FOUND). */
  public Backup get(String tenant, String id) {
    return await(tenant, id, 0);
  }

  /** The tenant's server, if it may be backed up: it exists and is not deleted. */
  private static Server backedUpServer(Tx tx, String tenant, String serverId) {
    if (serverId == null || serverId.isBlank()) {
      throw Refusal.invalid("server_id is required");
    }
    Server server = tx.get(Server.class, tenant, serverId);
    if (server == null) {
      throw Refusal.notFound("server", serverId);
    }
    if ("DELETED".equals(server.state)) {
      throw Refusal.conflict("SERVER_DELETED", "server " + server.id + " is deleted");
    }
    return server;
  }

  /** A new backup of {@code server} in {@code vault}: full or incremental, its size reserved in the vault. */
  private Backup newBackup(Tx tx, String tenant, Server server, Vault vault, String name, long now) {
    boolean incremental = tx.list(Backup.class, tenant).stream()
        .anyMatch(b -> b.serverId.equals(server.id) && b.vaultId.equals(vault.id) && !"error".equals(b.outcome));
    long total = server.totalSizeGib();
    long size = incremental ? LoadModel.incrementalSize(total) : total;
    vaults.reserve(tx, vault, size);
    Backup b = new Backup();
    b.id = Ids.next("backup");
    b.tenant = tenant;
    b.vaultId = vault.id;
    b.serverId = server.id;
    b.region = server.region;
    b.name = name == null || name.isBlank() ? "backup-" + server.id : name;
    b.sizeGib = size;
    b.incremental = incremental;
    b.startedMs = now;
    return b;
  }

  /** Backups running in the region: a scan of every backup (no copy, no sort), under the write lock. */
  private int running(String region, long now) {
    return store.count(Backup.class, b -> region.equals(b.region) && b.running(now));
  }

  /** The backup, once it is no longer being made or after {@code waitSeconds} (at most 30). */
  public Backup await(String tenant, String id, int waitSeconds) {
    Backup b = LongPoll.await(waitSeconds, () -> store.get(Backup.class, tenant, id), store::nowMs);
    if (b == null) {
      throw Refusal.notFound("backup", id);
    }
    return b;
  }

  /** The tenant's backups that match every filter given (null: any), by their status at {@code nowMs}. */
  public List<Backup> list(String tenant, String serverId, String vaultId, String status, String idempotencyKey,
      long nowMs) {
    List<Backup> out = new ArrayList<>();
    for (Backup b : store.list(Backup.class, tenant)) {
      if (serverId != null && !serverId.equals(b.serverId)
          || vaultId != null && !vaultId.equals(b.vaultId)
          || status != null && !status.equals(b.status(nowMs))
          || idempotencyKey != null && !idempotencyKey.equals(b.idempotencyKey)) {
        continue;
      }
      out.add(b);
    }
    return out;
  }

  /** The backup, if it may be deleted as far as its own state goes: not while it is being made. */
  public Backup deletable(Tx tx, String tenant, String id) {
    Backup b = tx.get(Backup.class, tenant, id);
    if (b == null) {
      throw Refusal.notFound("backup", id);
    }
    if (b.running(tx.nowMs())) {
      throw Refusal.conflict("BACKUP_PROTECTING", "backup " + b.id
          + " is still being made; delete it once it is available or in error");
    }
    return b;
  }

  /** Removes the backup and gives its space back to its vault; the caller says why in its audit entry. */
  public void remove(Tx tx, Backup b) {
    vaults.release(tx, b.tenant, b.vaultId, b.sizeGib);
    tx.delete(b);
  }
}
