package dev.fullecs.emulator.admin;

import dev.fullecs.emulator.api.BackupApi;
import dev.fullecs.emulator.api.SnapshotApi;
import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.fault.FaultConfig;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.inventory.LoadServers;
import dev.fullecs.emulator.server.Disk;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Json;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.tenant.AccessKey;
import dev.fullecs.emulator.tenant.Token;
import dev.fullecs.emulator.tenant.World;
import dev.fullecs.emulator.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The operator's API under {@code /admin/} (admin token), and the OpenAPI document. */
public final class AdminApi {
  private final Cloud cloud;
  private final byte[] openapi;

  private AdminApi(Cloud cloud) {
    this.cloud = cloud;
    try (InputStream in = AdminApi.class.getResourceAsStream("/openapi.yaml")) {
      this.openapi = in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void register(Router router, Cloud cloud) {
    AdminApi api = new AdminApi(cloud);
    router.get("/openapi.yaml", "get_openapi", Access.NONE, api::openapi)
        .get("/admin/faults", "admin_get_faults", Access.ADMIN, api::faults)
        .write("PUT", "/admin/faults", "admin_set_faults", Access.ADMIN, false, api::setFaults)
        .get("/admin/audit", "admin_audit", Access.ADMIN, api::audit)
        .write("POST", "/admin/tokens/revoke", "admin_revoke_token", Access.ADMIN, false, api::revoke)
        .write("POST", "/admin/servers/{id}/force-unlock", "admin_force_unlock", Access.ADMIN, false, api::forceUnlock)
        .write("POST", "/admin/generate", "admin_generate", Access.ADMIN, false, api::generate)
        .get("/admin/state", "admin_state", Access.ADMIN, api::state)
        .get("/admin/stats", "admin_stats", Access.ADMIN, api::stats)
        .call("POST", "/admin/stats/reset", "admin_reset_stats", Access.ADMIN, api::resetStats);
  }

  private Reply openapi(Call call) {
    return new Reply(200, openapi, "application/yaml");
  }

  private Reply faults(Call call) {
    return Reply.ok(cloud.faults().config());
  }

  private Reply setFaults(Call call, Tx tx) {
    FaultConfig next = call.body(FaultConfig.class);
    try {
      cloud.faults().set(next);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage());
    }
    tx.audit(null, null, "faults set: " + Json.string(next));
    return Reply.ok(next);
  }

  private Reply audit(Call call) {
    int limit = Math.max(1, Math.min(10_000, call.intQuery("limit", 1000)));
    return Reply.ok(Map.of("entries", cloud.store().audit(call.intQuery("since", 0), limit)));
  }

  /** Body of {@code POST /admin/tokens/revoke}. */
  public static class RevokeBody {
    public String token;
  }

  private Reply revoke(Call call, Tx tx) {
    RevokeBody b = call.body(RevokeBody.class);
    Token t = tx.store().token(b.token);
    AccessKey key = t == null ? tx.store().accessKey(b.token) : null;
    if (key != null) {
      // an access key id of Huawei's API: the pair is revoked
      AccessKey revoked = Json.copy(key);
      revoked.revoked = true;
      tx.putAccessKey(revoked);
      tx.audit(key.tenant, null, "revoked a " + key.kind + " access key");
      return Reply.ok(Map.of("revoked", true));
    }
    if (t == null) {
      throw new ApiException(404, "TOKEN_NOT_FOUND", "no such token");
    }
    Token revoked = Json.copy(t);
    revoked.revoked = true;
    tx.putToken(revoked);
    tx.audit(t.tenant, null, "revoked a " + t.kind + " token");
    return Reply.ok(Map.of("revoked", true));
  }

  private Reply forceUnlock(Call call, Tx tx) {
    String id = call.param("id");
    String tenant = call.query("tenant");
    List<Server> found = new ArrayList<>();
    for (Server s : tx.store().listAll(Server.class)) {
      if (s.id.equals(id) && (tenant == null || tenant.equals(s.tenant))) {
        found.add(s);
      }
    }
    if (found.isEmpty()) {
      throw ApiException.notFound("server", id);
    }
    if (found.size() > 1) {
      throw ApiException.invalid("server id " + id + " exists in several tenants; add ?tenant=");
    }
    return Reply.ok(cloud.servers().forceUnlock(tx, found.get(0).tenant, id));
  }

  /** Body of {@code POST /admin/generate}. */
  public static class GenerateBody {
    public String tenant;
    public Integer count;
    public Integer dataDisks;
    public Integer systemGib;
    public Integer dataGib;
    public String region;
    public String az;
    /**
     * Also give each server an available full backup in {@code vault-load}, made from available
     * snapshots of its disks, with no image using it: a source for images from a backup (F17).
     */
    public Boolean backups;
  }

  private Reply generate(Call call, Tx tx) {
    GenerateBody b = call.body(GenerateBody.class);
    World world = tx.store().world();
    if (b.tenant == null || world.tenant(b.tenant) == null) {
      throw new ApiException(404, "TENANT_NOT_FOUND", "tenant " + b.tenant + " not found");
    }
    String region = b.region == null ? world.regions.get(0).id : b.region;
    if (world.region(region) == null) {
      throw ApiException.invalid("unknown region " + region);
    }
    String az = b.az == null ? world.region(region).azs.get(0) : b.az;
    LoadServers.Spec spec;
    try {
      spec = new LoadServers.Spec(b.tenant, b.count == null ? 0 : b.count, b.dataDisks == null ? 2 : b.dataDisks,
          b.systemGib == null ? 40 : b.systemGib, b.dataGib == null ? 100 : b.dataGib, region, az);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage());
    }
    int existing = (int) tx.store().list(Server.class, b.tenant).stream().filter(s -> s.id.startsWith("ecs-load-")).count();
    List<String> ids = new ArrayList<>();
    List<String> backupIds = new ArrayList<>();
    Vault v = LoadServers.growVault(tx.get(Vault.class, b.tenant, LoadServers.VAULT_ID), spec);
    long now = tx.store().nowMs();
    for (Server s : LoadServers.servers(spec, existing)) {
      tx.put(s);
      ids.add(s.id);
      if (Boolean.TRUE.equals(b.backups)) {
        List<String> snapshotIds = new ArrayList<>();
        for (Disk d : s.disks) {
          Snapshot snap = Snapshot.available("snap-" + d.id, "snap-" + d.id, s, d, now);
          tx.put(snap);
          snapshotIds.add(snap.id);
        }
        Backup backup = Backup.available("backup-" + s.id, "backup-" + s.id, v.id, s, snapshotIds, now);
        tx.put(backup);
        v.usedGib += backup.sizeGib;
        backupIds.add(backup.id);
      }
    }
    tx.put(v);
    tx.audit(b.tenant, v.id, "generated " + ids.size() + " servers" + (backupIds.isEmpty() ? "" : " with a backup each")
        + "; vault capacity " + v.capacityGib + " GiB");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("server_ids", ids);
    out.put("vault_id", v.id);
    if (!backupIds.isEmpty()) {
      out.put("backup_ids", backupIds);
    }
    return Reply.ok(out);
  }

  private Reply stats(Call call) {
    return Reply.ok(cloud.stats().summary());
  }

  private Reply resetStats(Call call) {
    cloud.stats().reset();
    return Reply.ok(Map.of("reset", true));
  }

  private Reply state(Call call) {
    long now = cloud.store().nowMs();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", dev.fullecs.emulator.timing.Task.iso(now));
    out.put("world", cloud.store().world());
    out.put("servers", cloud.store().listAll(Server.class));
    out.put("vaults", cloud.store().listAll(Vault.class));
    out.put("snapshots", cloud.store().listAll(Snapshot.class).stream().map(s -> SnapshotApi.view(s, now)).toList());
    out.put("backups", cloud.store().listAll(Backup.class).stream().map(b -> BackupApi.view(b, now)).toList());
    out.put("images", cloud.store().listAll(Image.class));
    return Reply.ok(out);
  }
}
