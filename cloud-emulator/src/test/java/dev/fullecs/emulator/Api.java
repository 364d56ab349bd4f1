package dev.fullecs.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny HTTP client for the tests: one token, JSON in and out. */
public final class Api {
  public static final String TENANT_A = "tok-tenant-a";
  public static final String TENANT_B = "tok-tenant-b";
  public static final String SERVICE = "tok-image-service";
  public static final String ADMIN = "tok-admin";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String token;
  private final Duration timeout;

  public Api(String baseUrl, String token) {
    this(baseUrl, token, Duration.ofSeconds(40));
  }

  public Api(String baseUrl, String token, Duration timeout) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.timeout = timeout;
  }

  public Api as(String otherToken) {
    return new Api(baseUrl, otherToken, timeout);
  }

  public Api withTimeout(Duration t) {
    return new Api(baseUrl, token, t);
  }

  /** Status and parsed body (null when not JSON). */
  public record Res(int status, JsonNode body) {
    public String code() {
      return body == null || body.get("error_code") == null ? null : body.get("error_code").asText();
    }

    public String msg() {
      return body == null || body.get("error_msg") == null ? null : body.get("error_msg").asText();
    }

    public String text(String field) {
      JsonNode n = body.get(field);
      return n == null || n.isNull() ? null : n.asText();
    }
  }

  public Res get(String path) {
    return send("GET", path, null, null);
  }

  public Res post(String path, String json) {
    return send("POST", path, json, null);
  }

  public Res post(String path, String json, String idempotencyKey) {
    return send("POST", path, json, idempotencyKey);
  }

  public Res put(String path, String json) {
    return send("PUT", path, json, null);
  }

  public Res delete(String path) {
    return send("DELETE", path, null, null);
  }

  public Res delete(String path, String idempotencyKey) {
    return send("DELETE", path, null, idempotencyKey);
  }

  public Res send(String method, String path, String json, String idempotencyKey) {
    try {
      return sendOrThrow(method, path, json, idempotencyKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Res sendOrThrow(String method, String path, String json, String idempotencyKey) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("X-Auth-Token", token);
    }
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = null;
      if (r.body() != null && !r.body().isEmpty() && r.body().trim().startsWith("{")) {
        body = MAPPER.readTree(r.body());
      }
      return new Res(r.statusCode(), body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
