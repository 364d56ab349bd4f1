package dev.fullecs.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.cloud.HttpCloudClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The emulator's admin API, for tests: faults and the audit log. */
final class EmulatorAdmin {
  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  EmulatorAdmin(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** Faults per operation, e.g. {@code Map.of("create_snapshot", Map.of("p429", 0.3))}. */
  void faults(Map<String, ?> operations) {
    send("PUT", "/admin/faults", Map.of("outage", false, "operations", operations));
  }

  void noFaults() {
    faults(Map.of());
  }

  /** The number of accepted changes so far. */
  int auditSize() {
    return send("GET", "/admin/audit?since=0", null).path("entries").size();
  }

  JsonNode audit() {
    return send("GET", "/admin/audit?since=0", null).path("entries");
  }

  private JsonNode send(String method, String path, Object body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
              .header("X-Auth-Token", token)
              .header("Content-Type", "application/json");
      b.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(HttpCloudClient.json().writeValueAsString(body)));
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
      }
      return HttpCloudClient.json().readTree(r.body().isEmpty() ? "{}" : r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
