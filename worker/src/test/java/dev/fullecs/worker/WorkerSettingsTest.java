package dev.fullecs.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerSettingsTest {
  @TempDir Path dir;

  @Test
  void readsTheServiceCredentialFromAFileAndNeverPrintsIt() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "s3cret-token\n");

    WorkerSettings settings =
        WorkerSettings.fromEnvironment(Map.of("FULLECS_SERVICE_TOKEN_FILE", file.toString()));

    assertThat(settings.serviceToken()).isEqualTo("s3cret-token");
    assertThat(settings.cloudUrl()).isEqualTo("http://127.0.0.1:8780");
    assertThat(settings.metricsPort()).isEqualTo(9464);
    assertThat(settings.toString()).doesNotContain("s3cret");
  }

  @Test
  void theEnvironmentVariableWinsOverTheFile() {
    WorkerSettings settings =
        WorkerSettings.fromEnvironment(
            Map.of(
                "FULLECS_SERVICE_TOKEN", "from-env",
                "FULLECS_SERVICE_TOKEN_FILE", "/nonexistent",
                "FULLECS_CLOUD_URL", "http://cloud:9000",
                "FULLECS_METRICS_PORT", "0"));

    assertThat(settings.serviceToken()).isEqualTo("from-env");
    assertThat(settings.cloudUrl()).isEqualTo("http://cloud:9000");
    assertThat(settings.metricsPort()).isZero();
  }

  @Test
  void huaweiCloudIsChosenAtStartUpWithTheSdksCredentialsAndNoTokenNorSecretIsPrinted() throws Exception {
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, "[tenant-b]\nak = AKB0001\nsk = very-secret-sk-b\nproject_id = proj-b\n");
    Map<String, String> env = Map.of(
        "FULLECS_CLOUD", "huaweicloud",
        "HUAWEICLOUD_SDK_AK", "AKA0001",
        "HUAWEICLOUD_SDK_SK", "very-secret-sk-a",
        "HUAWEICLOUD_SDK_PROJECT_ID", "proj-a",
        "FULLECS_HUAWEICLOUD_TENANT", "tenant-a",
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE", credentials.toString(),
        "FULLECS_HUAWEICLOUD_ENDPOINT", "http://127.0.0.1:8780",
        "FULLECS_METRICS_PORT", "0");

    WorkerSettings settings = WorkerSettings.fromEnvironment(env);
    dev.fullecs.cloud.ImageCloud cloud = WorkerMain.imageCloud(settings, env);

    assertThat(settings.cloud()).isEqualTo(dev.fullecs.cloud.Clouds.Kind.HUAWEICLOUD);
    assertThat(cloud).isInstanceOf(dev.fullecs.cloud.huaweicloud.HuaweiImageCloud.class);
    assertThat(cloud.toString()).contains("tenant-a", "tenant-b", "cn-north-4", "http://127.0.0.1:8780")
        .doesNotContain("very-secret");
    assertThat(settings.toString()).contains("huaweicloud").doesNotContain("very-secret");
    assertThat(cloud.regions("tenant-a")).singleElement()
        .satisfies(r -> assertThat(r.azs()).containsExactly("cn-north-4a", "cn-north-4b", "cn-north-4c"));
  }

  @Test
  void anUnknownCloudOrAHuaweiModeWithoutCredentialsIsRefusedInOneSentence() {
    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of("FULLECS_CLOUD", "aws")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("emulator").hasMessageContaining("huaweicloud");
    Map<String, String> env = Map.of("FULLECS_CLOUD", "huaweicloud",
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE", dir.resolve("none").toString());
    WorkerSettings settings = WorkerSettings.fromEnvironment(env);
    assertThatThrownBy(() -> WorkerMain.imageCloud(settings, env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HUAWEICLOUD_SDK_AK");
  }

  @Test
  void saysWhatIsMissingInOneSentence() {
    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of()))
        .hasMessage(
            "the image service credential is missing: set FULLECS_SERVICE_TOKEN or"
                + " FULLECS_SERVICE_TOKEN_FILE");
    assertThatThrownBy(
            () ->
                WorkerSettings.fromEnvironment(
                    Map.of("FULLECS_SERVICE_TOKEN", "t", "FULLECS_METRICS_PORT", "nine")))
        .hasMessageContaining("FULLECS_METRICS_PORT=nine is not a port number");
  }

  @Test
  void metricsAreServedInThePrometheusFormat() throws Exception {
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(0)) {
      endpoint.scope().counter("fullecs_test").inc(1);
      var client = java.net.http.HttpClient.newHttpClient();
      var request =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
              .build();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(20))
          .until(
              () ->
                  client
                      .send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
                      .body()
                      .contains("fullecs_test"));
    }
  }
}
