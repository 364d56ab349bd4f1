package dev.fullecs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit's process handling on real processes (sh and sleep), and its ports. */
class ProcessesTest {
  @TempDir
  Path dir;

  @Test
  void aLaunchedProcessLogsAndAKill9LeavesItGone() throws Exception {
    Path log = dir.resolve("sleeper.log");
    Process p = Processes.launch(List.of("sh", "-c", "echo started; exec sleep 600"), Map.of(), log);
    Processes.waitFor("the sleeper logs", Duration.ofSeconds(10), p, () -> Processes.countLines(log, "started") == 1);
    assertThat(Processes.alive(p.pid())).isTrue();
    assertThat(Processes.commandLine(p.pid())).isEqualTo("sleep 600");
    assertThat(Processes.cpuSeconds(p.pid())).isGreaterThanOrEqualTo(0);

    Processes.kill9(p.pid());

    assertThat(Processes.alive(p.pid())).isFalse();
    assertThat(p.waitFor()).as("killed by SIGKILL: 128 + 9").isEqualTo(137);
  }

  @Test
  void stopSendsSigtermFirstAndSigkillOnlyWhenTheProcessIgnoresIt() throws Exception {
    Path log = dir.resolve("stubborn.log");
    Process polite = Processes.launch(List.of("sh", "-c", "trap 'echo term; exit 0' TERM; echo up; while :; do sleep 0.1; done"),
        Map.of(), dir.resolve("polite.log"));
    Process stubborn = Processes.launch(List.of("sh", "-c", "trap '' TERM; echo up; while :; do sleep 0.1; done"),
        Map.of(), log);
    Processes.waitFor("both trap SIGTERM", Duration.ofSeconds(10), null,
        () -> Processes.countLines(dir.resolve("polite.log"), "up") == 1 && Processes.countLines(log, "up") == 1);

    Processes.stop(polite.pid(), Duration.ofSeconds(10));
    Processes.stop(stubborn.pid(), Duration.ofSeconds(1));

    assertThat(polite.waitFor()).isZero();
    assertThat(Processes.countLines(dir.resolve("polite.log"), "term")).isEqualTo(1);
    assertThat(stubborn.waitFor()).isEqualTo(137);
  }

  @Test
  void waitForFailsAsSoonAsTheProcessExits() {
    Process p = Processes.launch(List.of("sh", "-c", "exit 3"), Map.of(), dir.resolve("exits.log"));
    long started = System.nanoTime();
    assertThatThrownBy(() -> Processes.waitFor("never", Duration.ofSeconds(60), p, () -> false))
        .hasMessageContaining("exited (3)");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }

  /** The test JVM runs with TEMPORAL_ADDRESS and FULLECS_CLOUD_URL set (see pom.xml): a child must not see them. */
  @Test
  void aChildSeesItsOwnEnvironmentAndNoInheritedAddresses() {
    assertThat(System.getenv("TEMPORAL_ADDRESS")).as("set by surefire for this test").isEqualTo("elsewhere:7233");
    CliResult r = Processes.run(List.of("sh", "-c",
        "echo \"${TEMPORAL_ADDRESS:-none} ${FULLECS_CLOUD_URL:-none} ${FULLECS_TENANT:-none}\"; echo oops >&2; exit 4"),
        Map.of("FULLECS_TENANT", "tenant-a"), Duration.ofSeconds(10));
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.out()).isEqualTo("none none tenant-a\n");
    assertThat(r.err()).isEqualTo("oops\n");
  }

  @Test
  void aCommandThatOutlivesItsTimeoutIsKilledAndFails() {
    assertThatThrownBy(() -> Processes.run(List.of("sh", "-c", "echo waiting; sleep 600"), Map.of(), Duration.ofMillis(500)))
        .hasMessageContaining("timed out").hasMessageContaining("waiting");
  }

  @Test
  void aTakenPortIsRefusedAndFreePortsAreFree() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> Ports.freeOr(taken.getLocalPort(), "the dev server's"))
          .hasMessageContaining("port " + taken.getLocalPort()).hasMessageContaining("in use");
      assertThat(Ports.isFree(taken.getLocalPort())).isFalse();
    }
    int base = Ports.freeBlock(40_000, 41_000, 0, 1, 6);
    assertThat(List.of(base, base + 1, base + 6)).allMatch(Ports::isFree);
    assertThat(Ports.freeOr(0, "any")).isPositive();
  }

  @Test
  void treeCpuSecondsCountsTheLiveChildrenAsPostgresqlsBackends() throws Exception {
    // A parent that only waits, and a child that spins for a second of CPU before it sleeps.
    Path log = dir.resolve("tree.log");
    Process p = Processes.launch(List.of("bash", "-c",
        "( end=$((SECONDS + 2)); while (( SECONDS < end )); do :; done; echo spun; exec sleep 600 ) & wait"), Map.of(), log);
    Processes.waitFor("the child spun", Duration.ofSeconds(30), p, () -> Processes.countLines(log, "spun") == 1);
    long child = p.toHandle().children().findFirst().orElseThrow().pid();

    assertThat(Processes.cpuSeconds(child)).as("the child's own CPU").isGreaterThan(0.2);
    assertThat(Processes.treeCpuSeconds(p.pid()))
        .isGreaterThanOrEqualTo(Processes.cpuSeconds(p.pid()) + Processes.cpuSeconds(child));
    assertThat(Processes.cpuSeconds(p.pid())).as("the waiting parent's own CPU").isLessThan(0.2);
    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  @Test
  void aClusterRunsOnlyWhatItsScriptRuns() throws Exception {
    assertThatThrownBy(() -> Stack.cluster().runDir(dir).temporalPort(7233).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster-up.sh");
    try (var files = Files.list(dir)) {
      assertThat(files).as("nothing started").isEmpty();
    }
  }
}
