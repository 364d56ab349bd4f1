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
 * The emulator's admin API ({@code /admin/...}, the operator's token): the force-unlock of {@code
 * fullecs unlock --force} and what tests read and set (state, faults). It is not the cloud a tenant
 * sees (that is {@link StarterCloud} on the port) and has no Huawei counterpart; it moves into the
 * emulator's test kit (issue 14) once that lands.
 */
public final class EmulatorAdminApi {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private EmulatorAdminApi() {}

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
}
