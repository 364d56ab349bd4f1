package dev.fullecs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulator's admin API ({@code /admin/faults}, {@code /admin/generate}, {@code /admin/state},
 * {@code /admin/audit}) and the one tenant call the run makes itself: a server action with the
 * tenant's token, to try to change a server while it is locked.
 */
final class CloudAdmin {
  static final String ADMIN_TOKEN = "tok-admin";
  static final String TENANT = "tenant-a";
  static final String TENANT_TOKEN = "tok-tenant-a";
  static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  CloudAdmin(String baseUrl) {
    this.baseUrl = baseUrl;
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
   * A tenant's {@code reboot} of a server, as a user would try it during a creation. Returns the
   * HTTP status, or -1 when no answer came (a fault of the emulator).
   */
  int tryReboot(String serverId) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("reboot");
    try {
      HttpRequest req = HttpRequest.newBuilder(
              URI.create(baseUrl + "/v1/" + TENANT + "/servers/" + serverId + "/action"))
          .timeout(Duration.ofSeconds(5))
          .header("X-Auth-Token", TENANT_TOKEN)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
          .build();
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private JsonNode send(String method, String path, JsonNode body, String token, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(60))
        .header("X-Auth-Token", token);
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
