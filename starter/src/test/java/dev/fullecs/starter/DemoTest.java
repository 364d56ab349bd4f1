package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's one-command demo: an image of ecs-web-01, then a clone of it in another AZ. */
class DemoTest {
  @Test
  void theDemoMakesANormalImageAndARunningCloneWithTheSourcesDisks() throws Exception {
    StarterContext context = StarterContext.of(Map.of(), null, false, Duration.ofMillis(100));
    var cmd = FullEcsCli.commandLine(context);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));

    int code = cmd.execute("demo", "--time-scale", "0.05", "--json");

    assertThat(code).as(out + "\n" + err).isZero();
    JsonNode doc = Json.MAPPER.readTree(out.toString());
    assertThat(doc.path("ok").asBoolean()).isTrue();
    assertThat(doc.path("creation").path("status").asText()).isEqualTo("COMPLETED");
    JsonNode clone = doc.path("clone");
    assertThat(clone.path("state").asText()).isEqualTo("RUNNING");
    assertThat(clone.path("az").asText()).isEqualTo("cn-north-4b");
    assertThat(clone.path("disks")).hasSize(3);
    assertThat(clone.path("same_disks_as_source").asBoolean()).isTrue();
  }
}
