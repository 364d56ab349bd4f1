package dev.fullecs.emulator.snapshot;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.server.Disk;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.store.Ids;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.timing.LongPoll;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** EVS snapshots: one disk each; status and progress follow from the clock. */
public final class SnapshotApi {
  private final Cloud cloud;

  private SnapshotApi(Cloud cloud) {
    this.cloud = cloud;
  }

  public static void register(Router router, Cloud cloud) {
    SnapshotApi api = new SnapshotApi(cloud);
    router.write("POST", "/v1/{tenant}/snapshots", "create_snapshot", Access.TENANT_OR_SERVICE, true, api::create)
        .get("/v1/{tenant}/snapshots", "list_snapshots", Access.TENANT_OR_SERVICE, api::list)
        .get("/v1/{tenant}/snapshots/{id}", "get_snapshot", Access.TENANT_OR_SERVICE, api::get);
  }

  /** Body of {@code POST /snapshots}. */
  public static class CreateBody {
    public String diskId;
    public String name;
    /** Optional: the image the snapshot is made for (F11). */
    public String imageId;
  }

  private Reply create(Call call, Tx tx) {
    CreateBody body = call.body(CreateBody.class);
    if (body.diskId == null || body.diskId.isBlank()) {
      throw ApiException.invalid("disk_id is required");
    }
    Server server = null;
    Disk disk = null;
    for (Server s : tx.store().list(Server.class, call.tenant())) {
      Disk d = s.disk(body.diskId);
      if (d != null) {
        server = s;
        disk = d;
        break;
      }
    }
    if (disk == null) {
      throw ApiException.notFound("disk", body.diskId);
    }
    if ("DELETED".equals(server.state)) {
      throw new ApiException(409, "SERVER_DELETED", "server " + server.id + " is deleted");
    }
    if ("DSS".equals(disk.type)) {
      throw new ApiException(422, "DSS_SNAPSHOT_UNSUPPORTED",
          "disk " + disk.id + " is a DSS disk; snapshots of DSS disks are not supported");
    }
    cloud.imageCatalog().requireImage(tx, call.tenant(), body.imageId);
    long now = tx.nowMs();
    Snapshot snap = new Snapshot();
    snap.id = Ids.next("snap");
    snap.tenant = call.tenant();
    snap.diskId = disk.id;
    snap.serverId = server.id;
    snap.region = server.region;
    snap.name = body.name == null || body.name.isBlank() ? "snapshot-" + disk.id : body.name;
    snap.sizeGib = disk.sizeGib;
    snap.idempotencyKey = call.idempotencyKey();
    snap.imageId = body.imageId;
    snap.startedMs = now;
    int active = cloud.load().countsRunningSnapshots() ? 1 + running(server.region, now) : 1;
    snap.completesMs = now + cloud.load().snapshotMillis(disk.sizeGib, active);
    snap.outcome = cloud.faults().taskError("create_snapshot") ? "error" : "available";
    tx.put(snap);
    tx.audit(snap.tenant, snap.id, "snapshot of disk " + disk.id + " (" + disk.sizeGib + " GiB) of server "
        + server.id + ", " + (snap.completesMs - now) + " ms");
    return Reply.json(201, snap.view(now));
  }

  /** Snapshots running in the region: a scan of every snapshot (no copy, no sort), under the write lock. */
  private int running(String region, long now) {
    return cloud.store().count(Snapshot.class, s -> region.equals(s.region) && s.running(now));
  }

  private Reply get(Call call) {
    Snapshot s = LongPoll.await(call.intQuery("wait_seconds", 0),
        () -> cloud.store().get(Snapshot.class, call.tenant(), call.param("id")), cloud.store()::nowMs);
    if (s == null) {
      throw ApiException.notFound("snapshot", call.param("id"));
    }
    return Reply.ok(s.view(cloud.store().nowMs()));
  }

  private Reply list(Call call) {
    long now = cloud.store().nowMs();
    String serverId = call.query("server_id");
    String diskId = call.query("disk_id");
    String status = call.query("status");
    String key = call.query("idempotency_key");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Snapshot s : cloud.store().list(Snapshot.class, call.tenant())) {
      if (serverId != null && !serverId.equals(s.serverId)
          || diskId != null && !diskId.equals(s.diskId)
          || status != null && !status.equals(s.status(now))
          || key != null && !key.equals(s.idempotencyKey)) {
        continue;
      }
      out.add(s.view(now));
    }
    return Reply.ok(Map.of("snapshots", out));
  }
}
