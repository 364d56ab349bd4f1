package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The cloud as the user sees it, with the tenant's own token (F23): reads of servers, images,
 * snapshots and backups, and what a tenant token may do itself: ordinary server actions (change
 * OS), sharing and deleting its images, deleting retained snapshots and backups. The starter never
 * locks servers or creates images or changes their status; that is the worker's job with the image
 * service's credential.
 */
public final class TenantCloud {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String tenant;
  private final String token;

  public TenantCloud(String baseUrl, String tenant, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.tenant = tenant;
    this.token = token;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public String tenant() {
    return tenant;
  }

  /** {@code {"tenant":..,"kind":"tenant"|"service"}}. */
  public JsonNode whoami() {
    return get("/whoami");
  }

  public JsonNode server(String id) {
    return get("/servers/" + enc(id));
  }

  public JsonNode servers() {
    return get("/servers").path("servers");
  }

  public JsonNode image(String id) {
    return get("/images/" + enc(id));
  }

  public JsonNode images() {
    return get("/images").path("images");
  }

  public JsonNode snapshotsOfServer(String serverId) {
    return get("/snapshots?server_id=" + enc(serverId)).path("snapshots");
  }

  public JsonNode snapshot(String id) {
    return get("/snapshots/" + enc(id));
  }

  public JsonNode backupsOfServer(String serverId) {
    return get("/backups?server_id=" + enc(serverId)).path("backups");
  }

  public JsonNode backup(String id) {
    return get("/backups/" + enc(id));
  }

  public JsonNode regions() {
    return get("/regions").path("regions");
  }

  /** F19: {@code change_os} with a full-ECS image; the answer's {@code last_change_os} says what was written. */
  public JsonNode changeOs(String serverId, String imageId) {
    return send("POST", "/servers/" + enc(serverId) + "/action",
        MAPPER.createObjectNode().set("change_os", MAPPER.createObjectNode().put("image_id", imageId)));
  }

  /** F21: share with another tenant, read-only. */
  public JsonNode share(String imageId, String otherTenant) {
    return send("POST", "/images/" + enc(imageId) + "/share", MAPPER.createObjectNode().put("tenant", otherTenant));
  }

  /** F20: always refused for a full-ECS image; {@code operation} is export or publish. */
  public JsonNode refusedImageOperation(String imageId, String operation) {
    return send("POST", "/images/" + enc(imageId) + "/" + operation, MAPPER.createObjectNode());
  }

  /** The image DELETED; its backup too only if {@code deleteBackup} (the snapshots are kept). */
  public JsonNode deleteImage(String imageId, boolean deleteBackup) {
    return send("DELETE", "/images/" + enc(imageId) + "?delete_backup=" + deleteBackup, null);
  }

  public JsonNode deleteSnapshot(String id) {
    return send("DELETE", "/snapshots/" + enc(id), null);
  }

  public JsonNode deleteBackup(String id) {
    return send("DELETE", "/backups/" + enc(id), null);
  }

  private JsonNode get(String path) {
    return call(baseUrl, token, "GET", "/v1/" + enc(tenant) + path);
  }

  private JsonNode send(String method, String path, JsonNode body) {
    return call(baseUrl, token, method, "/v1/" + enc(tenant) + path, body == null ? null : body.toString());
  }

  /** {@code POST /admin/servers/{id}/force-unlock} with the admin token. */
  public static JsonNode forceUnlock(String baseUrl, String adminToken, String serverId) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return call(base, adminToken, "POST", "/admin/servers/" + enc(serverId) + "/force-unlock");
  }

  static JsonNode call(String base, String token, String method, String path) {
    return call(base, token, method, path, "POST".equals(method) ? "{}" : null);
  }

  static JsonNode call(String base, String token, String method, String path, String requestBody) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("X-Auth-Token", token)
            .header("Accept", "application/json")
            .method(
                method,
                requestBody != null ? HttpRequest.BodyPublishers.ofString(requestBody) : HttpRequest.BodyPublishers.noBody())
            .header("Content-Type", "application/json")
            .build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw StarterException.failed(
          "cannot reach the cloud at " + base + ": start the emulator or set FULLECS_CLOUD_URL");
    } catch (HttpTimeoutException e) {
      throw StarterException.failed("the cloud at " + base + " did not answer in time");
    } catch (IOException e) {
      throw StarterException.failed("cannot reach the cloud at " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StarterException.failed("interrupted while calling the cloud");
    }
    JsonNode body;
    try {
      body = response.body().isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw StarterException.failed(
          "the cloud at " + base + " answered " + response.statusCode() + " with a body that is not JSON");
    }
    if (response.statusCode() >= 400) {
      throw new CloudCallException(
          response.statusCode(), body.path("error_code").asText(""), body.path("error_msg").asText(""));
    }
    return body;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The cloud answered with an error. */
  public static final class CloudCallException extends RuntimeException {
    private final int status;
    private final String code;

    CloudCallException(int status, String code, String message) {
      super(message.isEmpty() ? "the cloud answered " + status : message);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }
}
