package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.cloud.emulator.EmulatorAdmin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The emulator's admin API ({@code /admin/...}, the operator's token): the force-unlock of {@code
 * fullecs unlock --force} and what tests read and set (state, faults). It is not the cloud a tenant
 * sees (that is {@link StarterCloud} on the port) and has no Huawei counterpart; the requests are sent by
 * the cloud module's one admin client, {@link EmulatorAdmin}.
 */
public final class EmulatorAdminApi {

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
    EmulatorAdmin.Answer response;
    try {
      response = new EmulatorAdmin(base, token, Duration.ofSeconds(5), Duration.ofSeconds(30))
          .send(method, path, requestBody);
    } catch (ConnectException e) {
      throw StarterException.failed(
          "cannot reach the cloud at " + base + ": start the emulator or set FULLECS_CLOUD_URL");
    } catch (HttpTimeoutException e) {
      throw StarterException.failed("the cloud at " + base + " did not answer in time");
    } catch (IOException e) {
      if (e.getCause() instanceof InterruptedException) {
        throw StarterException.failed("interrupted while calling the cloud");
      }
      throw StarterException.failed("cannot reach the cloud at " + base + ": " + e.getMessage());
    }
    JsonNode body;
    try {
      body = response.json();
    } catch (UncheckedIOException e) {
      throw StarterException.failed(
          "the cloud at " + base + " answered " + response.status() + " with a body that is not JSON");
    }
    if (response.status() >= 400) {
      throw new CloudCallException(
          response.status(), body.path("error_code").asText(""), body.path("error_msg").asText(""));
    }
    return body;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
