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
 * snapshots and backups for display and checks. The starter never locks, creates or changes
 * images itself; that is the worker's job with the image service's credential.
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

  private JsonNode get(String path) {
    return call(baseUrl, token, "GET", "/v1/" + enc(tenant) + path);
  }

  /** {@code POST /admin/servers/{id}/force-unlock} with the admin token. */
  public static JsonNode forceUnlock(String baseUrl, String adminToken, String serverId) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return call(base, adminToken, "POST", "/admin/servers/" + enc(serverId) + "/force-unlock");
  }

  static JsonNode call(String base, String token, String method, String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("X-Auth-Token", token)
            .header("Accept", "application/json")
            .method(
                method,
                "POST".equals(method)
                    ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody())
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
