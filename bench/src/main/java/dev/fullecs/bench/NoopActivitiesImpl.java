package dev.fullecs.bench;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link NoopActivities} with the JDK's HTTP client, as {@code HttpCloudClient} uses it. */
public class NoopActivitiesImpl implements NoopActivities {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final HttpRequest request;

  public NoopActivitiesImpl(String cloudUrl, String tenant, String token) {
    request =
        HttpRequest.newBuilder(URI.create(cloudUrl + "/v1/" + tenant + "/noop"))
            .header("X-Auth-Token", token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
  }

  @Override
  public int call() {
    try {
      HttpResponse<byte[]> res = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (res.statusCode() != 200) {
        throw ApplicationFailure.newFailure("noop answered " + res.statusCode(), "NOOP_FAILED");
      }
      return 1;
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("noop failed: " + e.getMessage(), "NOOP_FAILED");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "NOOP_FAILED");
    }
  }

  @Override
  public String echo(String in, int outLength) {
    call();
    return "x".repeat(outLength);
  }
}
