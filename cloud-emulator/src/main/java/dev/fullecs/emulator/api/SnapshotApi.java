package dev.fullecs.emulator.api;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.snapshot.Snapshots;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.timing.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** EVS snapshots: create, get (long-poll with {@code wait_seconds}), list; deleting one is {@link RetainedApi}'s. */
public final class SnapshotApi {
  private final Snapshots snapshots;
  private final Store store;

  private SnapshotApi(Snapshots snapshots, Store store) {
    this.snapshots = snapshots;
    this.store = store;
  }

  static void register(Router router, Cloud cloud) {
    SnapshotApi api = new SnapshotApi(cloud.snapshots(), cloud.store());
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

  /** A snapshot as this API shows it at {@code nowMs}: status and progress from the clock. */
  public static Map<String, Object> view(Snapshot s, long nowMs) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", s.id);
    v.put("tenant", s.tenant);
    v.put("disk_id", s.diskId);
    v.put("server_id", s.serverId);
    v.put("name", s.name);
    v.put("size_gib", s.sizeGib);
    v.put("status", s.status(nowMs));
    v.put("progress", s.progress(nowMs));
    v.put("created_at", Task.iso(s.startedMs));
    v.put("completed_at", s.running(nowMs) ? null : Task.iso(s.completesMs));
    v.put("idempotency_key", s.idempotencyKey);
    v.put("image_id", s.imageId);
    return v;
  }

  private Reply create(Call call, Tx tx) {
    CreateBody body = call.body(CreateBody.class);
    Snapshot snap = snapshots.create(tx, call.tenant(), body.diskId, body.name, body.imageId, call.idempotencyKey());
    return Reply.json(201, view(snap, tx.nowMs()));
  }

  private Reply get(Call call) {
    Snapshot s = snapshots.await(call.tenant(), call.param("id"), call.intQuery("wait_seconds", 0));
    return Reply.ok(view(s, store.nowMs()));
  }

  private Reply list(Call call) {
    long now = store.nowMs();
    List<Map<String, Object>> out = snapshots.list(call.tenant(), call.query("server_id"), call.query("disk_id"),
        call.query("status"), call.query("idempotency_key"), now).stream().map(s -> view(s, now)).toList();
    return Reply.ok(Map.of("snapshots", out));
  }
}
