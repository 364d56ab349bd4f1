package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * scripts/stack-up.sh and stack-down.sh as a user runs them (on free ports, with the run directory
 * under target/): the starter then works with the environment the script prints, and
 * stack-down.sh stops every process it started.
 */
@ExtendWith(WallTime.class)
class StackScriptsTest {

  @Test
  void stackUpStartsEverythingTheStarterNeedsAndStackDownStopsIt() throws Exception {
    Path runDir = RealStack.OUT.resolve("e2e-runs").resolve("scripts");
    int temporalPort = RealStack.freePort();
    int cloudPort = RealStack.freePort();
    Map<String, String> env = Map.of(
        "FULLECS_RUN_DIR", runDir.toString(),
        "TEMPORAL_PORT", String.valueOf(temporalPort),
        "TEMPORAL_UI_PORT", String.valueOf(RealStack.freePort()),
        "CLOUD_PORT", String.valueOf(cloudPort),
        "METRICS_PORT", String.valueOf(RealStack.freePort()),
        "CLOUD_TIME_SCALE", "0.2");
    RealStack.run(List.of("bash", RealStack.ROOT.resolve("scripts/stack-down.sh").toString(), "--clean"),
        env, Duration.ofMinutes(2));
    List<Long> pids = new ArrayList<>();
    try {
      RealStack.CliResult up = RealStack.run(
          List.of("bash", RealStack.ROOT.resolve("scripts/stack-up.sh").toString()), env, Duration.ofMinutes(5));
      assertThat(up.exitCode()).as(up.toString()).isZero();
      assertThat(up.out()).contains("ready").contains("export TEMPORAL_ADDRESS=127.0.0.1:" + temporalPort);
      for (String name : List.of("temporal", "cloud-emulator", "worker")) {
        assertThat(runDir.resolve(name + ".log")).exists();
        long pid = Long.parseLong(Files.readString(runDir.resolve(name + ".pid")).trim());
        pids.add(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as(name).contains(true);
      }
      RealStack.CliResult again = RealStack.run(
          List.of("bash", RealStack.ROOT.resolve("scripts/stack-up.sh").toString()), env, Duration.ofMinutes(2));
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).contains("already running");

      RealStack.CliResult created = RealStack.run(List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
              RealStack.ROOT.resolve("starter/target/starter.jar").toString(),
              "create", "--region", RealStack.REGION, "--server", "ecs-web-01", "--vault", "vault-backup",
              "--name", "web-01-scripts", "--accept-disclaimer", "--wait", "--json"),
          Map.of("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort,
              "FULLECS_CLOUD_URL", "http://127.0.0.1:" + cloudPort,
              "FULLECS_TENANT", RealStack.TENANT, "FULLECS_TOKEN", RealStack.TENANT_TOKEN),
          Duration.ofMinutes(3));
      assertThat(created.exitCode()).as(created.toString()).isZero();
      JsonNode out = created.json();
      assertThat(out.path("result").path("image_status").asText()).isEqualTo("NORMAL");
      assertThat(Files.exists(runDir.resolve("temporal.db"))).isTrue();
    } finally {
      RealStack.CliResult down = RealStack.run(
          List.of("bash", RealStack.ROOT.resolve("scripts/stack-down.sh").toString()), env, Duration.ofMinutes(3));
      assertThat(down.exitCode()).as(down.toString()).isZero();
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d stopped", pid).isFalse();
    }
    assertThat(runDir.resolve("worker.pid")).doesNotExist();
    assertThat(runDir.resolve("temporal.db")).as("stack-down keeps the database").exists();
  }
}
