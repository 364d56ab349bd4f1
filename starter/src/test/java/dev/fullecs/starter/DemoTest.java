package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's one-command demo: an image of ecs-web-01, then a clone of it in another AZ. */
class DemoTest {
  @ParameterizedTest(name = "--cloud {0}")
  @ValueSource(strings = {"emulator", "huaweicloud"})
  void theDemoMakesANormalImageAndARunningCloneWithTheSourcesDisks(String cloud) throws Exception {
    StarterContext context = StarterContext.of(Map.of(), null, false, Duration.ofMillis(100));
    var cmd = FullEcsCli.commandLine(context);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));

    int code = cmd.execute("demo", "--time-scale", "0.05", "--cloud", cloud, "--json");

    assertThat(code).as(out + "\n" + err).isZero();
    JsonNode doc = Json.MAPPER.readTree(out.toString());
    assertThat(doc.path("ok").asBoolean()).isTrue();
    assertThat(doc.path("creation").path("status").asText()).isEqualTo("COMPLETED");
    JsonNode clone = doc.path("clone");
    assertThat(clone.path("state").asText()).isEqualTo("RUNNING");
    assertThat(clone.path("az").asText()).isEqualTo("cn-north-4b");
    assertThat(clone.path("disks")).hasSize(3);
    assertThat(clone.path("same_disks_as_source").asBoolean()).isTrue();
    assertThat(doc.path("cloud").asText()).isEqualTo(cloud);
    if (cloud.equals("huaweicloud")) {
      // a disk's snapshot on Huawei is the CBR backup's child: backup-id:disk-id
      assertThat(doc.path("end_state").path("snapshots").get(0).asText())
          .startsWith(doc.path("end_state").path("backup_id").asText() + ":ecs-web-01-sys");
    }
  }
}
