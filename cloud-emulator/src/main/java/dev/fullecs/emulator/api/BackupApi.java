package dev.fullecs.emulator.api;

import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.backup.Backups;
import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.timing.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CBR backups: create, get (long-poll with {@code wait_seconds}), list; deleting one is {@link RetainedApi}'s. */
public final class BackupApi {
  private final Backups backups;
  private final Store store;

  private BackupApi(Backups backups, Store store) {
    this.backups = backups;
    this.store = store;
  }

  static void register(Router router, Cloud cloud) {
    BackupApi api = new BackupApi(cloud.backups(), cloud.store());
    router.write("POST", "/v1/{tenant}/backups", "create_backup", Access.TENANT_OR_SERVICE, true, api::create)
        .get("/v1/{tenant}/backups", "list_backups", Access.TENANT_OR_SERVICE, api::list)
        .get("/v1/{tenant}/backups/{id}", "get_backup", Access.TENANT_OR_SERVICE, api::get);
  }

  /** Body of {@code POST /backups}. */
  public static class CreateBody {
    public String serverId;
    public String vaultId;
    public List<String> snapshotIds = new ArrayList<>();
    public String name;
    /** Optional: the image the backup is made for (F11). */
    public String imageId;
  }

  /** A backup as this API shows it at {@code nowMs}: status and progress from the clock. */
  public static Map<String, Object> view(Backup b, long nowMs) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", b.id);
    v.put("tenant", b.tenant);
    v.put("vault_id", b.vaultId);
    v.put("server_id", b.serverId);
    v.put("name", b.name);
    v.put("snapshot_ids", b.snapshotIds);
    v.put("size_gib", b.sizeGib);
    v.put("incremental", b.incremental);
    v.put("status", b.status(nowMs));
    v.put("progress", b.progress(nowMs));
    v.put("created_at", Task.iso(b.startedMs));
    v.put("completed_at", b.running(nowMs) ? null : Task.iso(b.completesMs));
    v.put("idempotency_key", b.idempotencyKey);
    v.put("image_id", b.imageId);
    return v;
  }

  private Reply create(Call call, Tx tx) {
    CreateBody body = call.body(CreateBody.class);
    Backup b = backups.create(tx, call.tenant(), body.serverId, body.vaultId, body.snapshotIds, body.name,
        body.imageId, call.idempotencyKey());
    return Reply.json(201, view(b, tx.nowMs()));
  }

  private Reply get(Call call) {
    Backup b = backups.await(call.tenant(), call.param("id"), call.intQuery("wait_seconds", 0));
    return Reply.ok(view(b, store.nowMs()));
  }

  private Reply list(Call call) {
    long now = store.nowMs();
    List<Map<String, Object>> out = backups.list(call.tenant(), call.query("server_id"), call.query("vault_id"),
        call.query("status"), call.query("idempotency_key"), now).stream().map(b -> view(b, now)).toList();
    return Reply.ok(Map.of("backups", out));
  }
}
