package dev.fullecs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The emulator's admin calls the benchmark needs: generate servers, read and reset timings. */
final class EmulatorAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  EmulatorAdmin(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** {@code count} new healthy servers with {@code dataDisks} data disks each, in vault-load's tenant. */
  List<String> generate(int count, int dataDisks) {
    JsonNode res =
        call(
            request("/admin/generate")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"tenant\":\"" + Bench.TENANT + "\",\"count\":" + count
                            + ",\"data_disks\":" + dataDisks + "}"))
                .build());
    List<String> ids = new ArrayList<>();
    res.get("server_ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  JsonNode stats() {
    return call(request("/admin/stats").GET().build());
  }

  void resetStats() {
    call(request("/admin/stats/reset").POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("X-Auth-Token", Bench.ADMIN_TOKEN)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60));
  }

  private JsonNode call(HttpRequest req) {
    try {
      HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        throw new IllegalStateException(req.uri().getPath() + " answered " + res.statusCode() + ": " + res.body());
      }
      return JSON.readTree(res.body());
    } catch (IOException e) {
      throw new IllegalStateException(req.uri().getPath() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
