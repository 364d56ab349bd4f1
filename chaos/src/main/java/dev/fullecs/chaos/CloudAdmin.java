package dev.fullecs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.TenantCloud;
import dev.fullecs.cloud.emulator.EmulatorAdmin;
import dev.fullecs.cloud.emulator.EmulatorTenantCloud;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the run does to the cloud beside the worker: the emulator's admin API ({@code /admin/faults},
 * {@code /admin/generate}, {@code /admin/state}, {@code /admin/audit}) through the cloud module's one
 * admin client ({@link EmulatorAdmin}), and the one tenant call the run makes itself, a reboot of a
 * server while it is locked, through the tenant's side of the port ({@link TenantCloud}).
 */
final class CloudAdmin {
  static final String ADMIN_TOKEN = "tok-admin";
  static final String TENANT = "tenant-a";
  static final String TENANT_TOKEN = "tok-tenant-a";
  static final ObjectMapper JSON = new ObjectMapper();

  private final EmulatorAdmin admin;
  private final TenantCloud tenant;

  CloudAdmin(String baseUrl) {
    this(baseUrl, new EmulatorTenantCloud(baseUrl, TENANT, TENANT_TOKEN));
  }

  CloudAdmin(String baseUrl, TenantCloud tenant) {
    this.admin = new EmulatorAdmin(baseUrl, ADMIN_TOKEN, Duration.ofSeconds(3), Duration.ofSeconds(60));
    this.tenant = tenant;
  }

  /** Replaces the faults the emulator injects. */
  void setFaults(CloudFaults faults) throws IOException, InterruptedException {
    send("PUT", "/admin/faults", faults.json(), ADMIN_TOKEN, 200);
  }

  void clearFaults() throws IOException, InterruptedException {
    setFaults(CloudFaults.NONE);
  }

  /** New healthy servers {@code ecs-load-NNNNN}; returns their ids. */
  List<String> generate(int count, int dataDisks, int systemGib, int dataGib)
      throws IOException, InterruptedException {
    JsonNode out = generate(count, dataDisks, systemGib, dataGib, false);
    List<String> ids = new ArrayList<>();
    out.path("server_ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  /** A generated server and the available backup of it that no image uses (F17's source). */
  record Generated(String serverId, String backupId) {}

  /** One new healthy server with an available full backup in {@code vault-load}. */
  Generated generateWithBackup(int dataDisks, int dataGib) throws IOException, InterruptedException {
    JsonNode out = generate(1, dataDisks, 40, dataGib, true);
    return new Generated(out.path("server_ids").path(0).asText(), out.path("backup_ids").path(0).asText());
  }

  private JsonNode generate(int count, int dataDisks, int systemGib, int dataGib, boolean backups)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode()
        .put("tenant", TENANT).put("count", count).put("data_disks", dataDisks)
        .put("system_gib", systemGib).put("data_gib", dataGib).put("backups", backups);
    return send("POST", "/admin/generate", body, ADMIN_TOKEN, 200);
  }

  JsonNode state() throws IOException, InterruptedException {
    return send("GET", "/admin/state", null, ADMIN_TOKEN, 200);
  }

  /** Every audit entry with {@code seq > since}, in order. */
  List<JsonNode> audit(long since) throws IOException, InterruptedException {
    List<JsonNode> all = new ArrayList<>();
    long from = since;
    while (true) {
      JsonNode page = send("GET", "/admin/audit?since=" + from + "&limit=10000", null, ADMIN_TOKEN, 200);
      JsonNode entries = page.path("entries");
      if (entries.isEmpty()) {
        return all;
      }
      for (JsonNode e : entries) {
        all.add(e);
        from = Math.max(from, e.path("seq").asLong());
      }
    }
  }

  /** The highest audit sequence number so far. */
  long lastAuditSeq() throws IOException, InterruptedException {
    List<JsonNode> entries = audit(0);
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).path("seq").asLong();
  }

  /**
   * A tenant's {@code reboot} of a server, as a user would try it during a creation, through the
   * port. Returns the HTTP status the cloud answered (200 when done, 409 when locked), or -1 when no
   * answer came (a fault of the emulator).
   */
  int tryReboot(String serverId) {
    try {
      tenant.reboot(serverId, "chaos-reboot-" + UUID.randomUUID());
      return 200;
    } catch (CloudException e) {
      return e.httpStatus() > 0 ? e.httpStatus() : -1;
    }
  }

  private JsonNode send(String method, String path, JsonNode body, String token, int expected)
      throws IOException {
    EmulatorAdmin.Answer r = admin.send(method, path, body == null ? null : JSON.writeValueAsString(body), token);
    if (r.status() != expected) {
      throw new IOException(method + " " + path + " answered " + r.status() + ": " + r.body());
    }
    return r.json();
  }
}
