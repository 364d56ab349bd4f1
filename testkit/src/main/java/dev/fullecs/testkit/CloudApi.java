package dev.fullecs.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullecs.cloud.emulator.EmulatorAdmin;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulator's HTTP API, for checks of what the cloud holds: as the tenant ({@link Stack#TENANT}
 * with its token), or as the admin for {@code /admin} paths. A call that is not answered 2xx
 * fails. The requests are sent by the cloud module's admin client ({@link EmulatorAdmin}); the
 * tests read the emulator's own JSON (the holder of a lock, a snapshot's image, a backup's
 * retention), which is the emulator's record of the truth, not a tenant's or the worker's view.
 */
public final class CloudApi {
  public static final ObjectMapper JSON = new ObjectMapper();
  private final EmulatorAdmin admin;

  public CloudApi(String baseUrl) {
    this.admin = new EmulatorAdmin(baseUrl, Stack.ADMIN_TOKEN);
  }

  /** The emulator answers (its OpenAPI document). */
  public boolean up() {
    return admin.up();
  }

  public JsonNode get(String path) {
    return call("GET", path, null);
  }

  public JsonNode post(String path, String body) {
    return call("POST", path, body);
  }

  /** {@code method} on {@code path} with the tenant's token (the admin's for {@code /admin}). */
  public JsonNode call(String method, String path, String body) {
    String token = path.startsWith("/admin") ? Stack.ADMIN_TOKEN : Stack.TENANT_TOKEN;
    return admin.read(method, path, body, token);
  }

  public JsonNode server(String id) {
    return get("/v1/" + Stack.TENANT + "/servers/" + id);
  }

  public JsonNode image(String id) {
    return get("/v1/" + Stack.TENANT + "/images/" + id);
  }

  public List<JsonNode> servers() {
    return list(get("/v1/" + Stack.TENANT + "/servers").path("servers"));
  }

  public List<JsonNode> snapshotsOf(String server) {
    return list(get("/v1/" + Stack.TENANT + "/snapshots?server_id=" + server).path("snapshots"));
  }

  public List<JsonNode> backupsOf(String server) {
    return list(get("/v1/" + Stack.TENANT + "/backups?server_id=" + server).path("backups"));
  }

  /** {@code count} new healthy servers of the tenant with {@code dataDisks} data disks each, and their vault. */
  public JsonNode generate(int count, int dataDisks) {
    return post("/admin/generate",
        "{\"tenant\":\"" + Stack.TENANT + "\",\"count\":" + count + ",\"data_disks\":" + dataDisks + "}");
  }

  public static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
