package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.testkit.CliResult;
import dev.fullecs.testkit.Ports;
import dev.fullecs.testkit.Processes;
import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.WallTime;
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
  private static final Path ROOT = Stack.repositoryRoot();

  @Test
  void stackUpStartsEverythingTheStarterNeedsAndStackDownStopsIt() throws Exception {
    Path runDir = Path.of(System.getProperty("testkit.runs", "target/stack-runs")).resolve("StackScriptsTest")
        .toAbsolutePath();
    int temporalPort = Ports.free();
    int cloudPort = Ports.free();
    Map<String, String> env = Map.of(
        "FULLECS_RUN_DIR", runDir.toString(),
        "TEMPORAL_PORT", String.valueOf(temporalPort),
        "TEMPORAL_UI_PORT", String.valueOf(Ports.free()),
        "CLOUD_PORT", String.valueOf(cloudPort),
        "METRICS_PORT", String.valueOf(Ports.free()),
        "CLOUD_TIME_SCALE", "0.2");
    Processes.run(List.of("bash", ROOT.resolve("scripts/stack-down.sh").toString(), "--clean"),
        env, Duration.ofMinutes(2));
    List<Long> pids = new ArrayList<>();
    try {
      CliResult up = Processes.run(
          List.of("bash", ROOT.resolve("scripts/stack-up.sh").toString()), env, Duration.ofMinutes(5));
      assertThat(up.exitCode()).as(up.toString()).isZero();
      assertThat(up.out()).contains("ready").contains("export TEMPORAL_ADDRESS=127.0.0.1:" + temporalPort);
      for (String name : List.of("temporal", "cloud-emulator", "worker")) {
        assertThat(runDir.resolve(name + ".log")).exists();
        long pid = Long.parseLong(Files.readString(runDir.resolve(name + ".pid")).trim());
        pids.add(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as(name).contains(true);
      }
      CliResult again = Processes.run(
          List.of("bash", ROOT.resolve("scripts/stack-up.sh").toString()), env, Duration.ofMinutes(2));
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).contains("already running");

      CliResult created = Processes.run(List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
              ROOT.resolve("starter/target/starter.jar").toString(),
              "create", "--region", Stack.REGION, "--server", "ecs-web-01", "--vault", "vault-backup",
              "--name", "web-01-scripts", "--accept-disclaimer", "--wait", "--json"),
          Map.of("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort,
              "FULLECS_CLOUD_URL", "http://127.0.0.1:" + cloudPort,
              "FULLECS_TENANT", Stack.TENANT, "FULLECS_TOKEN", Stack.TENANT_TOKEN),
          Duration.ofMinutes(3));
      assertThat(created.exitCode()).as(created.toString()).isZero();
      JsonNode out = created.json();
      assertThat(out.path("result").path("image_status").asText()).isEqualTo("NORMAL");
      assertThat(Files.exists(runDir.resolve("temporal.db"))).isTrue();
    } finally {
      CliResult down = Processes.run(
          List.of("bash", ROOT.resolve("scripts/stack-down.sh").toString()), env, Duration.ofMinutes(3));
      assertThat(down.exitCode()).as(down.toString()).isZero();
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d stopped", pid).isFalse();
    }
    assertThat(runDir.resolve("worker.pid")).doesNotExist();
    assertThat(runDir.resolve("temporal.db")).as("stack-down keeps the database").exists();
  }
}
