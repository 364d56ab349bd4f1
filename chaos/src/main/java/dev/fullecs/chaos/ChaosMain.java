package dev.fullecs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.testkit.Stack;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar chaos/target/chaos.jar [--creations 200] [--worker-kills 12] ...}: the chaos run
 * of issues 8 and 12 against a real, private stack (see docs/RELIABILITY.md). Prints a markdown report;
 * exits 0 when every invariant holds, 1 when one is violated, 2 when the run could not be set up.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = "Creates full-ECS images on a private real stack (Temporal dev server or cluster, cloud emulator, worker) "
        + "under transient faults, worker kills, an emulator restart, a whole-service outage, a slow cloud that refuses "
        + "image deletes, cancels (also of creations from backups), expiring and extended maintenance windows and "
        + "bad input sent past the starter, "
        + "then checks the invariants of both sides and prints a markdown report.")
public final class ChaosMain implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ChaosMain.class);

  @Option(names = "--creations", description = "creations to start (default ${DEFAULT-VALUE})")
  int creations = 200;

  @Option(names = "--worker-kills", description = "SIGKILLs of the worker, each followed by a restart (default ${DEFAULT-VALUE})")
  int workerKills = 12;

  @Option(names = "--emulator-restarts", description = "SIGKILLs and restarts of the emulator on its database (default ${DEFAULT-VALUE})")
  int emulatorRestarts = 1;

  @Option(names = "--fault-rate", description = "share of cloud calls that get a transient fault (default ${DEFAULT-VALUE})")
  double faultRate = 0.2;

  @Option(names = "--start-over", description = "seconds over which the creations are started and the kills happen (default: one per creation, at least 30)")
  Integer startOverSeconds;

  @Option(names = "--drain-timeout", description = "seconds to wait afterwards for every creation to close (default ${DEFAULT-VALUE})")
  int drainTimeoutSeconds = 600;

  @Option(names = "--time-scale", description = "the emulator's time scale (default ${DEFAULT-VALUE})")
  double timeScale = 0.1;

  @Option(names = "--outage-minutes", description = "a whole-service outage of this many minutes of cloud time, "
      + "i.e. times --time-scale of wall time, a third into the start window; 0 for none (default ${DEFAULT-VALUE})")
  int outageMinutes = 30;

  @Option(names = "--slow-call-ms", description = "after the outage, every cloud call is delayed this long (default ${DEFAULT-VALUE})")
  long slowCallMs = 4000;

  @Option(names = "--recovery-seconds", description = "how long after the outage the cloud stays slow and refuses "
      + "image deletes (409); 0 for not at all (default ${DEFAULT-VALUE})")
  int recoverySeconds = 90;

  @Option(names = "--seed", description = "random seed (default: random, printed)")
  Long seed;

  @Option(names = "--stack", description = "dev: the Temporal dev server (SQLite, one process); cluster: the "
      + "production topology of scripts/cluster-up.sh (PostgreSQL, Temporal's four services as processes, the UI "
      + "server) on free ports; the emulator and the worker are killed and started again the same way on both "
      + "(default ${DEFAULT-VALUE})")
  String stackKind = "dev";

  @Option(names = "--temporal-port", description = "port of the private dev server (default: a free one)")
  int temporalPort;

  @Option(names = "--emulator-port", description = "port of the private emulator (default: a free one)")
  int emulatorPort;

  @Option(names = "--work-dir", description = "logs and databases (default: a new temporary directory)")
  Path workDir;

  @Option(names = "--report", description = "also write the markdown report to this file")
  Path reportFile;

  @Option(names = "--emulator-jar", description = "default ${DEFAULT-VALUE}")
  Path emulatorJar = Path.of("cloud-emulator/target/cloud-emulator.jar");

  @Option(names = "--worker-jar", description = "default ${DEFAULT-VALUE}")
  Path workerJar = Path.of("worker/target/worker.jar");

  @Option(names = "--temporal", description = "the Temporal CLI (default ${DEFAULT-VALUE})")
  String temporalCli = "temporal";

  private String[] args = new String[0];

  public static void main(String[] args) {
    ChaosMain main = new ChaosMain();
    main.args = args;
    System.exit(new CommandLine(main).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    for (Path jar : List.of(emulatorJar, workerJar)) {
      if (!Files.isRegularFile(jar)) {
        System.err.println("chaos: " + jar + " not found: build first with ./mvnw -q -Pchaos -DskipTests package");
        return 2;
      }
    }
    long s = seed == null ? new Random().nextLong() : seed;
    Path dir = workDir == null ? Files.createTempDirectory("chaos-run-") : Files.createDirectories(workDir);
    ChaosSettings settings = new ChaosSettings(creations, workerKills, emulatorRestarts, faultRate,
        Duration.ofSeconds(startOverSeconds == null ? Math.max(30, creations) : startOverSeconds),
        Duration.ofSeconds(drainTimeoutSeconds), timeScale, s, dir, outageMinutes, slowCallMs,
        Duration.ofSeconds(recoverySeconds));
    String command = "java -jar chaos/target/chaos.jar " + String.join(" ", args);
    log.info("chaos run: {} creations, {} worker kills, {} emulator restarts, seed {}, work dir {}",
        creations, workerKills, emulatorRestarts, s, dir);
    Random random = new Random(s);

    // The private stack, a stack of the testkit: by default a dev stack (a fresh headless dev server),
    // the emulator, and (once the plan is made) the worker, which the run kills and starts again.
    // On --stack cluster, the same pieces by scripts/cluster-up.sh (which also restarts a killed
    // worker or emulator) on Temporal's own server and PostgreSQL.
    Stack.Spec spec;
    if (stackKind.equals("dev")) {
      spec = Stack.dev().runDir(dir).temporalCli(temporalCli).temporalPort(temporalPort)
          .cloudPort(emulatorPort).webUi(false).devServerLogLevel("error");
    } else if (stackKind.equals("cluster")) {
      if (temporalPort != 0 || emulatorPort != 0) {
        System.err.println("chaos: a cluster runs on free ports (no --temporal-port / --emulator-port)");
        return 2;
      }
      // PostgreSQL runs as its own user (as root: postgres) and must enter the run directory.
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      spec = Stack.cluster().runDir(dir).temporalCli(temporalCli);
    } else {
      System.err.println("chaos: --stack is dev or cluster, not " + stackKind);
      return 2;
    }
    spec.emulatorCommand(List.of("-Xmx768m", "-jar", emulatorJar.toAbsolutePath().toString()))
        .emulatorOptions("--time-scale", String.valueOf(timeScale))
        .workers(0)
        .workerCommand(List.of("-Xmx768m", "-jar", workerJar.toAbsolutePath().toString()), "polling task queue")
        .workerMetrics(false);
    try (Stack stack = spec.start()) {
      log.info("stack up ({}): Temporal {}, emulator {}", stackKind, stack.temporalAddress(), stack.cloudUrl());
      CloudAdmin admin = new CloudAdmin(stack.cloudUrl());
      List<PlannedCreation> plan = Plan.build(settings, admin, random);
      JsonNode before = admin.state();
      long auditFrom = admin.lastAuditSeq();
      try {
        stack.addWorker();
      } catch (IllegalStateException e) {
        System.err.println("chaos: the worker did not start: " + e.getMessage() + "; see " + stack.log(ChaosRun.WORKER));
        return 2;
      }
      WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalAddress()).build());
      WorkflowClient client = WorkflowClient.newInstance(service,
          WorkflowClientOptions.newBuilder().setNamespace("default").build());

      RunLog runLog = new RunLog();
      Set<String> stuck = new ChaosRun(settings, stack, admin, client, random, runLog).run(plan);
      Duration chaosPhase = Duration.ofMillis(runLog.chaosPhaseMillis);
      admin.clearFaults();

      log.info("checking: reading the cloud's state and audit log and {} histories", runLog.started.size());
      JsonNode after = admin.state();
      List<JsonNode> auditLog = admin.audit(auditFrom);
      Map<String, TemporalView> views = new LinkedHashMap<>();
      for (PlannedCreation c : plan) {
        if (runLog.started.containsKey(c.workflowId())) {
          views.put(c.workflowId(), readWithRetry(client, c.workflowId()));
        }
      }
      InvariantChecker checker = new InvariantChecker();
      checker.check(plan, views, runLog, stuck, before, after, auditLog);
      FaultCounts faults = FaultCounts.read(stack.log(ChaosRun.EMULATOR), ChaosRun.HANG_MS, runLog);
      String report = Report.markdown(settings, command, Duration.ofNanos(System.nanoTime() - t0),
          chaosPhase, runLog, faults, checker);
      Files.writeString(dir.resolve("report.md"), report, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("creations.csv"), Report.csv(checker), StandardCharsets.UTF_8);
      if (reportFile != null) {
        Files.writeString(reportFile, report, StandardCharsets.UTF_8);
      }
      System.out.println(report);
      service.shutdown();
      return checker.allHold() ? 0 : 1;
    } catch (java.io.IOException | java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
      System.err.println("chaos: " + e.getMessage() + " (logs in " + dir + ")");
      return 2;
    }
  }

  private static TemporalView readWithRetry(WorkflowClient client, String workflowId) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return TemporalView.read(client, workflowId);
      } catch (RuntimeException e) {
        if (attempt == 5) {
          throw e;
        }
        Thread.sleep(1_000);
      }
    }
  }
}
