package dev.fullecs.worker;

import dev.fullecs.cloud.Clouds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the worker reads from its environment besides the Temporal connection (which comes from
 * temporal-envconfig). The image service's credential comes from {@code FULLECS_SERVICE_TOKEN} or
 * from the file named by {@code FULLECS_SERVICE_TOKEN_FILE}; it is never logged or printed. With
 * {@code FULLECS_CLOUD=huaweicloud} the credentials are Huawei's AK/SK per project instead (read by
 * {@link Clouds#huaweiCloud}), and no token is needed.
 */
public final class WorkerSettings {
  public static final String DEFAULT_CLOUD_URL = "http://127.0.0.1:8780";
  public static final int DEFAULT_METRICS_PORT = 9464;

  private final Clouds.Kind cloud;
  private final String cloudUrl;
  private final String serviceToken;
  private final int metricsPort;

  public WorkerSettings(String cloudUrl, String serviceToken, int metricsPort) {
    this(Clouds.Kind.EMULATOR, cloudUrl, serviceToken, metricsPort);
  }

  public WorkerSettings(Clouds.Kind cloud, String cloudUrl, String serviceToken, int metricsPort) {
    this.cloud = cloud;
    this.cloudUrl = cloudUrl;
    this.serviceToken = serviceToken;
    this.metricsPort = metricsPort;
  }

  /** Reads the settings; throws {@link IllegalArgumentException} with one sentence if one is wrong. */
  public static WorkerSettings fromEnvironment(Map<String, String> env) {
    Clouds.Kind cloud = Clouds.kind(env);
    String url = nonBlank(env.get("FULLECS_CLOUD_URL"), DEFAULT_CLOUD_URL);
    String token = blankToNull(env.get("FULLECS_SERVICE_TOKEN"));
    String tokenFile = blankToNull(env.get("FULLECS_SERVICE_TOKEN_FILE"));
    if (token == null && tokenFile != null) {
      try {
        token = blankToNull(Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).trim());
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the image service credential from FULLECS_SERVICE_TOKEN_FILE=" + tokenFile);
      }
      if (token == null) {
        throw new IllegalArgumentException(
            "the image service credential file " + tokenFile + " is empty");
      }
    }
    if (token == null && cloud == Clouds.Kind.EMULATOR) {
      throw new IllegalArgumentException(
          "the image service credential is missing: set FULLECS_SERVICE_TOKEN or"
              + " FULLECS_SERVICE_TOKEN_FILE");
    }
    int port;
    String portText = nonBlank(env.get("FULLECS_METRICS_PORT"), String.valueOf(DEFAULT_METRICS_PORT));
    try {
      port = Integer.parseInt(portText.trim());
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "FULLECS_METRICS_PORT=" + portText + " is not a port number (0 turns metrics off)");
    }
    return new WorkerSettings(cloud, url, token, port);
  }

  /** Which cloud ({@code FULLECS_CLOUD}). */
  public Clouds.Kind cloud() {
    return cloud;
  }

  public String cloudUrl() {
    return cloudUrl;
  }

  /** The image service's credential. Hand it to the cloud client only. */
  public String serviceToken() {
    return serviceToken;
  }

  /** Port of the Prometheus endpoint on 127.0.0.1; 0 means no metrics endpoint. */
  public int metricsPort() {
    return metricsPort;
  }

  @Override
  public String toString() {
    return cloud == Clouds.Kind.EMULATOR
        ? "cloud " + cloudUrl + ", service credential set, metrics port " + metricsPort
        : "cloud " + cloud.id() + ", metrics port " + metricsPort;
  }

  private static String nonBlank(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
