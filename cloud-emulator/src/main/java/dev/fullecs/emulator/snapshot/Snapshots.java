package dev.fullecs.emulator.snapshot;

import dev.fullecs.emulator.fault.Faults;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.server.Disk;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.store.Ids;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.timing.LoadModel;
import dev.fullecs.emulator.timing.LongPoll;
import java.util.ArrayList;
import java.util.List;

/**
 * EVS snapshots, one disk each: taken of any disk but a DSS one, of a server not deleted (a
 * locked server too); their status and progress follow from the time model and the clock (F9),
 * and a snapshot still being created cannot be deleted.
 */
public final class Snapshots {
  private final Store store;
  private final LoadModel load;
  private final Faults faults;
  private final ImageLinks images;

  public Snapshots(Store store, LoadModel load, Faults faults, ImageLinks images) {
    this.store = store;
    this.load = load;
    this.faults = faults;
    this.images = images;
  }

  /**
   * A snapshot of the tenant's disk {@code diskId}, made for the image {@code imageId} (or none).
   * Its duration is fixed now, from the disk's size and the snapshots running in the region; the
   * fault model may make it end in {@code error}.
   */
  public Snapshot create(Tx tx, String tenant, String diskId, String name, String imageId, String idempotencyKey) {
    if (diskId == null || diskId.isBlank()) {
      throw Refusal.invalid("disk_id is required");
    }
    Server server = null;
    Disk disk = null;
    for (Server s : tx.store().list(Server.class, tenant)) {
      Disk d = s.disk(diskId);
      if (d != null) {
        server = s;
        disk = d;
        break;
      }
    }
    if (disk == null) {
      throw Refusal.notFound("disk", diskId);
    }
    if ("DELETED".equals(server.state)) {
      throw Refusal.conflict("SERVER_DELETED", "server " + server.id + " is deleted");
    }
    if ("DSS".equals(disk.type)) {
      throw Refusal.unacceptable("DSS_SNAPSHOT_UNSUPPORTED",
          "disk " + disk.id + " is a DSS disk; snapshots of DSS disks are not supported");
    }
    images.requireImage(tx, tenant, imageId);
    long now = tx.nowMs();
    Snapshot snap = new Snapshot();
    snap.id = Ids.next("snap");
    snap.tenant = tenant;
    snap.diskId = disk.id;
    snap.serverId = server.id;
    snap.region = server.region;
    snap.name = name == null || name.isBlank() ? "snapshot-" + disk.id : name;
    snap.sizeGib = disk.sizeGib;
    snap.idempotencyKey = idempotencyKey;
    snap.imageId = imageId;
    snap.startedMs = now;
    int active = load.countsRunningSnapshots() ? 1 + running(server.region, now) : 1;
    snap.completesMs = now + load.snapshotMillis(disk.sizeGib, active);
    snap.outcome = faults.taskError(tx.operation()) ? "error" : "available";
    tx.put(snap);
    tx.audit(snap.tenant, snap.id, "snapshot of disk " + disk.id + " (" + disk.sizeGib + " GiB) of server "
        + server.id + ", " + (snap.completesMs - now) + " ms");
    return snap;
  }

  /**
   * One snapshot of every disk of the tenant's server, all taken now (CBR's checkpoint takes them
   * itself, F24): each as {@link #create} takes one, so a DSS disk refuses the whole set.
   */
  public List<Snapshot> ofEveryDisk(Tx tx, String tenant, Server server, String namePrefix) {
    List<Snapshot> out = new ArrayList<>();
    for (Disk d : server.disks) {
      out.add(create(tx, tenant, d.id, namePrefix + "-" + d.id, null, null));
    }
    return out;
  }

  /** Snapshots running in the region: a scan of every snapshot (no copy, no sort), under the write lock. */
  private int running(String region, long now) {
    return store.count(Snapshot.class, s -> region.equals(s.region) && s.running(now));
  }

  /** The snapshot, once it is no longer being created or after {@code waitSeconds} (at most 30). */
  public Snapshot await(String tenant, String id, int waitSeconds) {
    Snapshot s = LongPoll.await(waitSeconds, () -> store.get(Snapshot.class, tenant, id), store::nowMs);
    if (s == null) {
      throw Refusal.notFound("snapshot", id);
    }
    return s;
  }

  /** The tenant's snapshots that match every filter given (null: any), by their status at {@code nowMs}. */
  public List<Snapshot> list(String tenant, String serverId, String diskId, String status, String idempotencyKey,
      long nowMs) {
    List<Snapshot> out = new ArrayList<>();
    for (Snapshot s : store.list(Snapshot.class, tenant)) {
      if (serverId != null && !serverId.equals(s.serverId)
          || diskId != null && !diskId.equals(s.diskId)
          || status != null && !status.equals(s.status(nowMs))
          || idempotencyKey != null && !idempotencyKey.equals(s.idempotencyKey)) {
        continue;
      }
      out.add(s);
    }
    return out;
  }

  /** The snapshot, if it may be deleted as far as its own state goes: not while it is being created. */
  public Snapshot deletable(Tx tx, String tenant, String id) {
    Snapshot s = tx.get(Snapshot.class, tenant, id);
    if (s == null) {
      throw Refusal.notFound("snapshot", id);
    }
    if (s.running(tx.nowMs())) {
      throw Refusal.conflict("SNAPSHOT_CREATING", "snapshot " + s.id
          + " is still being created; delete it once it is available or in error");
    }
    return s;
  }

  public void delete(Tx tx, Snapshot s) {
    tx.delete(s);
    tx.audit(s.tenant, s.id, "snapshot deleted");
  }
}
