package dev.fullecs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.starter.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's one-command demo ({@code java -jar demo/target/demo.jar}): an image of ecs-web-01, then a clone of it in another AZ. */
class DemoTest {
  @ParameterizedTest(name = "--cloud {0}")
  @ValueSource(strings = {"emulator", "huaweicloud"})
  void theDemoMakesANormalImageAndARunningCloneWithTheSourcesDisks(String cloud) throws Exception {
    var cmd = DemoCommand.commandLine(false, Duration.ofMillis(100));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));

    int code = cmd.execute("--time-scale", "0.05", "--cloud", cloud, "--json");

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

  @org.junit.jupiter.api.Test
  void aBadOptionIsExit2WithOneSentenceAndNoStackTrace() {
    var cmd = DemoCommand.commandLine(false, Duration.ofMillis(100));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));

    assertThat(cmd.execute("--time-scale", "fast")).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: Invalid value for option '--time-scale': 'fast' is not a double")
        .contains("(see `demo --help`)").doesNotContain("Exception");
    assertThat(out.toString()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void helpNamesTheOptionsOfTheReadme() {
    var cmd = DemoCommand.commandLine(false, Duration.ofMillis(100));
    StringWriter out = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));

    assertThat(cmd.execute("--help")).isZero();
    assertThat(out.toString()).contains("--time-scale").contains("--cloud").contains("--json");
  }

  @org.junit.jupiter.api.Test
  void versionNamesTheBuildAsTheStartersDoes() {
    var cmd = DemoCommand.commandLine(false, Duration.ofMillis(100));
    StringWriter out = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));

    assertThat(cmd.execute("--version")).isZero();
    assertThat(out.toString().strip())
        .isEqualTo("fullecs demo " + dev.fullecs.starter.BuildVersion.describe())
        .startsWith("fullecs demo 0.1.0-SNAPSHOT (commit ");
  }
}
