package dev.fullecs.emulator.backup;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Ids;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.timing.LoadModel;
import dev.fullecs.emulator.timing.LongPoll;
import dev.fullecs.emulator.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CBR backups of one server, built from its disk snapshots; incremental after the first. */
public final class BackupApi {
  private final Cloud cloud;

  private BackupApi(Cloud cloud) {
    this.cloud = cloud;
  }

  public static void register(Router router, Cloud cloud) {
    BackupApi api = new BackupApi(cloud);
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

  private Reply create(Call call, Tx tx) {
    CreateBody body = call.body(CreateBody.class);
    if (body.serverId == null || body.serverId.isBlank()) {
      throw ApiException.invalid("server_id is required");
    }
    Server server = tx.get(Server.class, call.tenant(), body.serverId);
    if (server == null) {
      throw ApiException.notFound("server", body.serverId);
    }
    if ("DELETED".equals(server.state)) {
      throw new ApiException(409, "SERVER_DELETED", "server " + server.id + " is deleted");
    }
    Vault vault = cloud.vaults().usableFor(tx, call.tenant(), body.vaultId, server);
    cloud.imageCatalog().requireImage(tx, call.tenant(), body.imageId);
    long now = tx.nowMs();
    List<String> snapshotIds = body.snapshotIds == null ? List.of() : body.snapshotIds;
    for (String sid : snapshotIds) {
      Snapshot s = tx.get(Snapshot.class, call.tenant(), sid);
      if (s == null) {
        throw ApiException.notFound("snapshot", sid);
      }
      if (!server.id.equals(s.serverId)) {
        throw new ApiException(422, "SNAPSHOT_NOT_OF_SERVER",
            "snapshot " + sid + " is of server " + s.serverId + ", not " + server.id);
      }
      if (!"available".equals(s.status(now))) {
        throw new ApiException(409, "SNAPSHOTS_NOT_AVAILABLE",
            "snapshot " + sid + " is " + s.status(now) + "; a backup needs available snapshots");
      }
    }
    boolean incremental = tx.list(Backup.class, call.tenant()).stream()
        .anyMatch(b -> b.serverId.equals(server.id) && b.vaultId.equals(vault.id) && !"error".equals(b.outcome));
    long total = server.totalSizeGib();
    long size = incremental ? LoadModel.incrementalSize(total) : total;
    cloud.vaults().reserve(tx, vault, size);
    Backup b = new Backup();
    b.id = Ids.next("backup");
    b.tenant = call.tenant();
    b.vaultId = vault.id;
    b.serverId = server.id;
    b.region = server.region;
    b.name = body.name == null || body.name.isBlank() ? "backup-" + server.id : body.name;
    b.snapshotIds = new ArrayList<>(snapshotIds);
    b.sizeGib = size;
    b.incremental = incremental;
    b.idempotencyKey = call.idempotencyKey();
    b.imageId = body.imageId;
    b.startedMs = now;
    int active = cloud.load().countsRunningBackups() ? 1 + running(server.region, now) : 1;
    b.completesMs = now + cloud.load().backupMillis(size, active);
    b.outcome = cloud.faults().taskError("create_backup") ? "error" : "available";
    tx.put(b);
    tx.audit(b.tenant, b.id, (incremental ? "incremental" : "full") + " backup of server " + server.id
        + " into vault " + vault.id + ", " + size + " GiB, " + (b.completesMs - now) + " ms");
    return Reply.json(201, b.view(now));
  }

  /** Backups running in the region: a scan of every backup (no copy, no sort), under the write lock. */
  private int running(String region, long now) {
    return cloud.store().count(Backup.class, b -> region.equals(b.region) && b.running(now));
  }

  private Reply get(Call call) {
    Backup b = LongPoll.await(call.intQuery("wait_seconds", 0),
        () -> cloud.store().get(Backup.class, call.tenant(), call.param("id")), cloud.store()::nowMs);
    if (b == null) {
      throw ApiException.notFound("backup", call.param("id"));
    }
    return Reply.ok(b.view(cloud.store().nowMs()));
  }

  private Reply list(Call call) {
    long now = cloud.store().nowMs();
    String serverId = call.query("server_id");
    String vaultId = call.query("vault_id");
    String status = call.query("status");
    String key = call.query("idempotency_key");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Backup b : cloud.store().list(Backup.class, call.tenant())) {
      if (serverId != null && !serverId.equals(b.serverId)
          || vaultId != null && !vaultId.equals(b.vaultId)
          || status != null && !status.equals(b.status(now))
          || key != null && !key.equals(b.idempotencyKey)) {
        continue;
      }
      out.add(b.view(now));
    }
    return Reply.ok(Map.of("backups", out));
  }
}
