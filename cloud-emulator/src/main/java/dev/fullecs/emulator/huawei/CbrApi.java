package dev.fullecs.emulator.huawei;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.backup.Backups;
import dev.fullecs.emulator.backup.RestoreMode;
import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.IdempotencyKey;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.vault.Vault;
import dev.fullecs.emulator.vault.Vaults;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CBR as Huawei's API serves it: ShowVault (billing size and allocated in GB, used in MB),
 * CreateCheckpoint of one server ({@code OS::Nova::Server}: the cloud snapshots every disk and backs
 * the server up from them, {@link Backups#checkpoint}), ShowCheckpoint, ShowBackup and ListBackups
 * (by checkpoint, name, resource, status, vault). Thin mappings of {@link Backups} and {@link Vaults}.
 */
final class CbrApi {
  static final String SERVER_TYPE = "OS::Nova::Server";
  static final String VOLUME_TYPE = "OS::Cinder::Volume";
  /** CBR's provider id of cloud server backups. */
  static final String SERVER_PROVIDER = "0daac4c5-6707-4851-97ba-169e36266b66";

  private final Backups backups;
  private final Vaults vaults;
  private final Store store;

  private CbrApi(Backups backups, Vaults vaults, Store store) {
    this.backups = backups;
    this.vaults = vaults;
    this.store = store;
  }

  static void register(Router router, Cloud cloud) {
    CbrApi api = new CbrApi(cloud.backups(), cloud.vaults(), cloud.store());
    router.get("/v3/{project_id}/vaults/{vault_id}", "cbr_show_vault", Access.TENANT_OR_SERVICE, api::showVault)
        .write("POST", "/v3/{project_id}/checkpoints", "cbr_create_checkpoint", Access.TENANT_OR_SERVICE,
            IdempotencyKey.NONE, api::createCheckpoint)
        .get("/v3/{project_id}/checkpoints/{checkpoint_id}", "cbr_show_checkpoint", Access.TENANT_OR_SERVICE,
            api::showCheckpoint)
        .get("/v3/{project_id}/backups/{backup_id}", "cbr_show_backup", Access.TENANT_OR_SERVICE, api::showBackup)
        .get("/v3/{project_id}/backups", "cbr_list_backups", Access.TENANT_OR_SERVICE, api::listBackups);
  }

  private Reply showVault(Call call) {
    Vault v = vaults.get(call.tenant(), call.param("vault_id"));
    long now = store.nowMs();
    List<Map<String, Object>> resources = new ArrayList<>();
    long allocated = 0;
    Map<String, List<Backup>> byServer = new LinkedHashMap<>();
    for (Backup b : backups.list(call.tenant(), null, v.id, null, null, now)) {
      byServer.computeIfAbsent(b.serverId, k -> new ArrayList<>()).add(b);
    }
    for (Map.Entry<String, List<Backup>> e : byServer.entrySet()) {
      Server s = store.get(Server.class, call.tenant(), e.getKey());
      int size = s == null ? 0 : s.totalSizeGib();
      allocated += size;
      Backup latest = e.getValue().stream().max(Comparator.comparingLong(b -> b.startedMs)).orElseThrow();
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", e.getKey());
      r.put("name", s == null ? e.getKey() : s.name);
      r.put("type", SERVER_TYPE);
      r.put("protect_status", latest.status(now));
      r.put("size", size);
      r.put("backup_size", (int) e.getValue().stream().mapToLong(b -> b.sizeGib).sum());
      r.put("backup_count", e.getValue().size());
      r.put("extra_info", Map.of("exclude_volumes", List.of()));
      resources.add(r);
    }
    Map<String, Object> billing = new LinkedHashMap<>();
    billing.put("allocated", (int) allocated);
    billing.put("charging_mode", "post_paid");
    billing.put("cloud_type", "public");
    billing.put("consistent_level", "crash_consistent");
    billing.put("object_type", v.objectType);
    billing.put("protect_type", v.protectionType);
    billing.put("size", (int) v.capacityGib);
    billing.put("spec_code", "vault." + v.protectionType + "." + v.objectType + ".normal");
    billing.put("status", "available");
    billing.put("used", (int) (v.usedGib * 1024));
    Map<String, Object> vault = new LinkedHashMap<>();
    vault.put("id", v.id);
    vault.put("name", v.name);
    vault.put("project_id", v.tenant);
    vault.put("provider_id", SERVER_PROVIDER);
    vault.put("description", "");
    vault.put("billing", billing);
    vault.put("resources", resources);
    vault.put("tags", List.of());
    vault.put("enterprise_project_id", Wire.DEFAULT_ENTERPRISE_PROJECT_ID);
    vault.put("auto_bind", false);
    vault.put("auto_expand", false);
    vault.put("threshold", 80);
    vault.put("smn_notify", true);
    vault.put("locked", false);
    return Reply.ok(Map.of("vault", vault));
  }

  /**
   * {@code {"checkpoint": {"vault_id", "parameters": {"name", "description", "resources": [id] |
   * "resource_details": [{"id", "type": "OS::Nova::Server"}]}}}}: one server per checkpoint here.
   */
  private Reply createCheckpoint(Call call, Tx tx) {
    JsonNode checkpoint = Wire.object(call).get("checkpoint");
    if (checkpoint == null || !checkpoint.isObject()) {
      throw Refusal.invalid("checkpoint is required");
    }
    JsonNode parameters = checkpoint.get("parameters");
    List<String> resources = new ArrayList<>(Wire.texts(parameters, "resources"));
    JsonNode details = parameters == null ? null : parameters.get("resource_details");
    if (details != null && details.isArray()) {
      for (JsonNode d : details) {
        String type = Wire.text(d, "type");
        if (type != null && !SERVER_TYPE.equals(type)) {
          throw Refusal.invalid("resource " + Wire.text(d, "id") + " is a " + type + "; only " + SERVER_TYPE
              + " is backed up here");
        }
        resources.add(Wire.text(d, "id"));
      }
    }
    if (resources.size() != 1 || resources.get(0) == null) {
      throw Refusal.invalid("name exactly one server in parameters.resources or parameters.resource_details");
    }
    Backup b = backups.checkpoint(tx, call.tenant(), resources.get(0), Wire.text(checkpoint, "vault_id"),
        Wire.text(parameters, "name"), null);
    return Reply.ok(Map.of("checkpoint", checkpointView(tx.store(), b, tx.nowMs(),
        Wire.text(parameters, "description"))));
  }

  private Reply showCheckpoint(Call call) {
    Backup b = backups.ofCheckpoint(call.tenant(), call.param("checkpoint_id"));
    return Reply.ok(Map.of("checkpoint", checkpointView(store, b, store.nowMs(), null)));
  }

  private Reply showBackup(Call call) {
    Backup b = backups.get(call.tenant(), call.param("backup_id"));
    return Reply.ok(Map.of("backup", backupView(b, store.nowMs())));
  }

  /** The filters the SDK sends that the emulator keeps apart: checkpoint, name, resource, status, vault, paging. */
  private Reply listBackups(Call call) {
    long now = store.nowMs();
    String type = call.query("resource_type");
    List<Backup> found = new ArrayList<>();
    if (type == null || SERVER_TYPE.equals(type)) {
      for (Backup b : backups.list(call.tenant(), call.query("resource_id"), call.query("vault_id"),
          call.query("status"), null, now)) {
        if (matches(call.query("checkpoint_id"), b.checkpointId) && matches(call.query("name"), b.name)) {
          found.add(b);
        }
      }
    }
    found.sort(Comparator.comparingLong((Backup b) -> b.startedMs).reversed().thenComparing(b -> b.id));
    int offset = Math.max(0, call.intQuery("offset", 0));
    int limit = Math.max(1, Math.min(1000, call.intQuery("limit", 1000)));
    List<Map<String, Object>> page = found.stream().skip(offset).limit(limit).map(b -> backupView(b, now)).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("backups", page);
    out.put("count", found.size());
    out.put("offset", offset);
    out.put("limit", limit);
    return Reply.ok(out);
  }

  private static boolean matches(String wanted, String value) {
    return wanted == null || wanted.equals(value);
  }

  private Map<String, Object> checkpointView(Store from, Backup b, long now, String description) {
    Server s = from.get(Server.class, b.tenant, b.serverId);
    Vault v = from.get(Vault.class, b.tenant, b.vaultId);
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("id", b.serverId);
    resource.put("name", s == null ? b.serverId : s.name);
    resource.put("type", SERVER_TYPE);
    resource.put("protect_status", b.status(now));
    resource.put("resource_size", s == null ? null : String.valueOf(s.totalSizeGib()));
    resource.put("backup_size", String.valueOf(b.sizeGib));
    resource.put("backup_count", "1");
    resource.put("extra_info", "{}");
    Map<String, Object> vault = new LinkedHashMap<>();
    vault.put("id", b.vaultId);
    vault.put("name", v == null ? b.vaultId : v.name);
    vault.put("resources", List.of(resource));
    vault.put("skipped_resources", List.of());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("name", b.name);
    extra.put("description", description);
    extra.put("retention_duration", -1);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", b.checkpointId);
    c.put("project_id", b.tenant);
    c.put("status", b.status(now));
    c.put("created_at", Wire.iso(b.startedMs));
    c.put("vault", vault);
    c.put("extra_info", extra);
    return c;
  }

  /**
   * The backup as CBR shows it: its restore mode ({@code extend_info.supported_restore_mode}: na,
   * snapshot, backup) and, as {@code children}, one entry per disk with that disk's snapshot's status.
   */
  private Map<String, Object> backupView(Backup b, long now) {
    Server s = store.get(Server.class, b.tenant, b.serverId);
    RestoreMode mode = backups.restoreMode(b, now);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", b.id);
    v.put("name", b.name);
    v.put("checkpoint_id", b.checkpointId);
    v.put("created_at", Wire.iso(b.startedMs));
    v.put("updated_at", Wire.iso(b.running(now) ? now : b.completesMs));
    v.put("expired_at", null);
    v.put("description", null);
    v.put("extend_info", extendInfo(mode, true));
    v.put("image_type", "backup");
    v.put("parent_id", null);
    v.put("project_id", b.tenant);
    v.put("resource_az", s == null ? null : s.az);
    v.put("resource_id", b.serverId);
    v.put("resource_name", s == null ? b.serverId : s.name);
    v.put("resource_size", s == null ? null : s.totalSizeGib());
    v.put("resource_type", SERVER_TYPE);
    v.put("status", b.status(now));
    v.put("vault_id", b.vaultId);
    v.put("provider_id", SERVER_PROVIDER);
    v.put("enterprise_project_id", Wire.DEFAULT_ENTERPRISE_PROJECT_ID);
    v.put("incremental", b.incremental);
    v.put("replication_records", List.of());
    List<Map<String, Object>> children = new ArrayList<>();
    for (String sid : b.snapshotIds) {
      Snapshot snap = store.get(Snapshot.class, b.tenant, sid);
      if (snap == null) {
        continue;
      }
      String snapStatus = snap.status(now);
      String childStatus = "creating".equals(snapStatus) ? "protecting" : "error".equals(snapStatus) ? "error"
          : b.status(now);
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("id", snap.id);
      c.put("name", snap.name);
      c.put("parent_id", b.id);
      c.put("checkpoint_id", b.checkpointId);
      c.put("resource_id", snap.diskId);
      c.put("resource_name", snap.diskId);
      c.put("resource_size", snap.sizeGib);
      c.put("resource_type", VOLUME_TYPE);
      c.put("resource_az", s == null ? null : s.az);
      c.put("status", childStatus);
      c.put("created_at", Wire.iso(snap.startedMs));
      c.put("extend_info", extendInfo("available".equals(snapStatus)
          ? (mode == RestoreMode.BACKUP ? RestoreMode.BACKUP : RestoreMode.SNAPSHOT) : RestoreMode.NONE, false));
      c.put("vault_id", b.vaultId);
      c.put("image_type", "backup");
      children.add(c);
    }
    v.put("children", children);
    return v;
  }

  private static Map<String, Object> extendInfo(RestoreMode mode, boolean wholeServer) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("auto_trigger", false);
    e.put("bootable", wholeServer);
    e.put("snapshot_id", null);
    e.put("support_lld", false);
    e.put("supported_restore_mode", mode.wire());
    e.put("contain_system_disk", wholeServer);
    e.put("encrypted", false);
    e.put("system_disk", false);
    e.put("os_images_data", List.of());
    return e;
  }
}
