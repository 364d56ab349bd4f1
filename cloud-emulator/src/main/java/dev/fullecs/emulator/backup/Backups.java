package dev.fullecs.emulator.backup;

import dev.fullecs.emulator.fault.Faults;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.snapshot.ImageLinks;
import dev.fullecs.emulator.snapshot.Snapshot;
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

  public Backups(Store store, LoadModel load, Faults faults, Vaults vaults, ImageLinks images) {
    this.store = store;
    this.load = load;
    this.faults = faults;
    this.vaults = vaults;
    this.images = images;
  }

  /** A backup of the tenant's server {@code serverId} into {@code vaultId}, made for the image {@code imageId} (or none). */
  public Backup create(Tx tx, String tenant, String serverId, String vaultId, List<String> snapshotIds, String name,
      String imageId, String idempotencyKey) {
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
    b.snapshotIds = new ArrayList<>(snapshots);
    b.sizeGib = size;
    b.incremental = incremental;
    b.idempotencyKey = idempotencyKey;
    b.imageId = imageId;
    b.startedMs = now;
    int active = load.countsRunningBackups() ? 1 + running(server.region, now) : 1;
    b.completesMs = now + load.backupMillis(size, active);
    b.outcome = faults.taskError(tx.operation()) ? "error" : "available";
    tx.put(b);
    tx.audit(b.tenant, b.id, (incremental ? "incremental" : "full") + " backup of server " + server.id
        + " into vault " + vault.id + ", " + size + " GiB, " + (b.completesMs - now) + " ms");
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
