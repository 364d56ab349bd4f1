package dev.fullecs.cloud.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The emulator's admin API ({@code /admin/...} with the operator's token: faults, generated
 * servers, state, audit, stats, time, force-unlock), the one place outside the port's
 * implementations that sends HTTP requests to the cloud. It is not the cloud a tenant or the worker
 * sees (that is {@link dev.fullecs.cloud.TenantCloud} and {@link dev.fullecs.cloud.ImageCloud}) and
 * has no Huawei counterpart: it exists only on the emulator. The starter's {@code unlock --force},
 * the test kit, chaos and bench all use it; none of them builds a request itself.
 *
 * <p>{@link #read} additionally serves the test kit's checks of the emulator's own JSON (what the
 * cloud holds, read with the tenant's token, fields the port's records do not carry).
 */
public final class EmulatorAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: its status and body (empty when none). */
  public record Answer(int status, String body) {
    public boolean ok() {
      return status >= 200 && status <= 299;
    }

    public JsonNode json() {
      try {
        return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("answer " + status + " is not JSON", e);
      }
    }
  }

  private final String baseUrl;
  private final String adminToken;
  private final Duration callTimeout;
  private final HttpClient http;

  public EmulatorAdmin(String baseUrl, String adminToken) {
    this(baseUrl, adminToken, Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  public EmulatorAdmin(String baseUrl, String adminToken, Duration connectTimeout, Duration callTimeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.adminToken = adminToken;
    this.callTimeout = callTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** {@code method path} with the admin token; a body is sent as JSON. Throws {@link IOException} when no answer came. */
  public Answer send(String method, String path, String body) throws IOException {
    return send(method, path, body, adminToken);
  }

  /** {@code method path} with {@code token}. */
  public Answer send(String method, String path, String body, String token) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(callTimeout)
        .header("X-Auth-Token", token)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body() == null ? "" : r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + method + " " + path, e);
    }
  }

  /** {@code method path} with the admin token; anything but a 2xx answer throws {@link IllegalStateException}. */
  public JsonNode call(String method, String path, String body) {
    return read(method, path, body, adminToken);
  }

  /** {@code method path} with {@code token}; anything but a 2xx answer throws {@link IllegalStateException}. */
  public JsonNode read(String method, String path, String body, String token) {
    Answer a;
    try {
      a = send(method, path, body, token);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    }
    if (!a.ok()) {
      throw new IllegalStateException(method + " " + path + " answered " + a.status() + ": " + a.body());
    }
    return a.json();
  }

  /** The emulator answers (its OpenAPI document). */
  public boolean up() {
    try {
      return send("GET", "/openapi.yaml", null).status() == 200;
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
