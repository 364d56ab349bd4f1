package dev.fullecs.cloud.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.ImageSpec;
import dev.fullecs.cloud.emulator.EmulatorAdmin;
import dev.fullecs.cloud.huaweicloud.HuaweiImageCloud;
import dev.fullecs.cloud.huaweicloud.HuaweiSettings;
import dev.fullecs.contract.Tag;
import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A create whose answer is lost (the cloud made it, the connection closed before the answer) is
 * sent again only by our own retry, which looks the checkpoint up by its name first. The SDK's
 * HTTP client (OkHttp) silently re-sends a request that failed on a kept-alive connection, POSTs
 * included; a second CBR checkpoint of one creation was the result (the Huawei chaos run,
 * chaos-0003). The SDK's clients therefore keep no idle connection.
 */
class HuaweiLostAnswerTest {
  @TempDir Path dir;
  CloudEmulator emulator;
  EmulatorAdmin admin;

  @BeforeEach
  void start() {
    emulator = CloudEmulator.start(EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0)
        .fixedDurations(Duration.ofMillis(300), Duration.ofMillis(600)));
    admin = new EmulatorAdmin(emulator.baseUrl(), "tok-admin", Duration.ofSeconds(3), Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void aCheckpointWhoseAnswerIsLostIsCreatedOnce() throws Exception {
    ImageCloud cloud = new HuaweiImageCloud(new HuaweiSettings("cn-north-4", List.of("cn-north-4a", "cn-north-4b"),
        Optional.of(emulator.baseUrl()), Map.of("tenant-a", new HuaweiSettings.Credential(
            HuaweiImageCloudTest.AK_SERVICE, HuaweiImageCloudTest.SK_SERVICE, "tenant-a")),
        Duration.ofMillis(50), Duration.ofSeconds(5), 3, "s6.large.2"));
    String imageId = "img-lost-answer";
    // calls before the create, on the same SDK client: its connection would be kept for the create
    cloud.lockServer("tenant-a", "ecs-web-01", imageId, imageId + "/lock");
    assertThat(admin.send("PUT", "/admin/faults",
        "{\"operations\":{\"cbr_create_checkpoint\":{\"p_lost_response\":1.0}}}", "tok-admin").status()).isEqualTo(200);

    cloud.createImageRecord("tenant-a", new ImageSpec(imageId, "web-01-full", "ecs-web-01", null, "vault-backup",
        null, List.<Tag>of(), null, null), imageId + "/image");

    String state = admin.send("GET", "/admin/state", null, "tok-admin").body();
    Matcher m = Pattern.compile("\"fullecs-" + imageId + "\"").matcher(state);
    int checkpoints = 0;
    while (m.find()) {
      checkpoints++;
    }
    assertThat(checkpoints).as("CBR backups named fullecs-%s in the cloud", imageId).isEqualTo(1);
  }
}
