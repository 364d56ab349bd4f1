package dev.fullecs.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulator's HTTP API, for checks of what the cloud holds: as the tenant ({@link Stack#TENANT}
 * with its token), or as the admin for {@code /admin} paths. A call that is not answered 2xx
 * fails.
 */
public final class CloudApi {
  public static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public CloudApi(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The emulator answers (its OpenAPI document). */
  public boolean up() {
    try {
      return send(HttpRequest.newBuilder(URI.create(baseUrl + "/openapi.yaml")).timeout(Duration.ofSeconds(5)).build())
          .statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
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
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("X-Auth-Token", token)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> r = send(request);
      if (r.statusCode() < 200 || r.statusCode() > 299) {
        throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    }
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

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
