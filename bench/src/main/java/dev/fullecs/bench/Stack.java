package dev.fullecs.bench;

import dev.fullecs.worker.StartupCheck;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real stack the benchmark measures, each piece its own process: a Temporal dev server on a
 * fresh database, the cloud emulator (restarted with other task durations between phases, on a
 * fresh database each time), and the worker ({@link BenchWorker}).
 */
final class Stack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Stack.class);

  private final Bench.Settings settings;
  private final Path work;
  private Proc temporal;
  private Proc emulator;
  private Proc worker;
  private WorkflowServiceStubs service;
  private WorkflowClient client;
  private int emulatorRuns;
  private int metricsPort;
  private int workerRuns;

  Stack(Bench.Settings settings) {
    this.settings = settings;
    this.work = settings.work();
  }

  String temporalAddress() {
    return "127.0.0.1:" + settings.temporalPort();
  }

  String cloudUrl() {
    return "http://127.0.0.1:" + settings.emulatorPort();
  }

  Path work() {
    return work;
  }

  Proc temporal() {
    return temporal;
  }

  Proc emulator() {
    return emulator;
  }

  WorkflowClient client() {
    return client;
  }

  Proc worker() {
    return worker;
  }

  /** The dev server's Prometheus endpoint ({@code --metrics-port}). */
  String temporalMetricsUrl() {
    return "http://127.0.0.1:" + metricsPort + "/metrics";
  }

  EmulatorAdmin emulatorAdmin() {
    return new EmulatorAdmin(cloudUrl());
  }

  void startTemporal() throws IOException {
    Path db = work.resolve("temporal.db");
    Files.deleteIfExists(db);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                settings.temporalCli(), "server", "start-dev", "--headless",
                "--ip", "127.0.0.1", "--port", String.valueOf(settings.temporalPort()),
                "--db-filename", db.toString(), "--log-level", "error"));
    metricsPort = freePort();
    cmd.addAll(List.of("--metrics-port", String.valueOf(metricsPort)));
    cmd.addAll(settings.temporalArgs());
    for (String name : List.of("EcsId", "ImageId", "ImageName", "ImageStatus", "TenantId", "Region")) {
      cmd.add("--search-attribute");
      cmd.add(name + "=Keyword");
    }
    temporal = Proc.start("temporal", cmd, Map.of(), work.resolve("temporal.log"));
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress()).build());
    client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    // Up once the namespace answers and the six search attributes are registered.
    await("the Temporal dev server", Duration.ofSeconds(90), () -> {
      try {
        Optional<String> problem = StartupCheck.problem(client, temporalAddress());
        return problem.isEmpty();
      } catch (RuntimeException e) {
        return false;
      }
    }, temporal);
    log.info("dev server up on {} (pid {})", temporalAddress(), temporal.pid());
  }

  /** (Re)starts the emulator on a fresh database; {@code null} durations: the load model at {@code timeScale}. */
  void startEmulator(Duration snapshot, Duration backup, double timeScale) throws IOException {
    stopEmulator();
    int run = ++emulatorRuns;
    Path db = work.resolve("cloud-" + run + ".db");
    Files.deleteIfExists(db);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                settings.java(), "-Xmx1g", "-cp", settings.jar().toString(),
                "dev.fullecs.emulator.EmulatorMain", "--port", String.valueOf(settings.emulatorPort()),
                "--db", db.toString(), "--time-scale", String.valueOf(timeScale)));
    if (snapshot != null) {
      cmd.addAll(
          List.of(
              "--fixed-snapshot-seconds", String.valueOf(snapshot.toMillis() / 1000.0),
              "--fixed-backup-seconds", String.valueOf(backup.toMillis() / 1000.0)));
    }
    emulator = Proc.start("emulator", cmd, Map.of(), work.resolve("emulator-" + run + ".log"));
    EmulatorAdmin admin = emulatorAdmin();
    await("the emulator", Duration.ofSeconds(60), admin::up, emulator);
    log.info("emulator up on {} (pid {}): {}", cloudUrl(), emulator.pid(),
        snapshot == null ? "time scale " + timeScale : "snapshot " + snapshot + ", backup " + backup);
  }

  /** (Re)starts the worker: a fresh JVM, so its peak RSS and CPU belong to what follows. */
  void startWorker() throws IOException {
    stopWorker();
    int run = ++workerRuns;
    List<String> cmd = new ArrayList<>(List.of(settings.java()));
    cmd.addAll(settings.workerJvmArgs());
    cmd.addAll(List.of("-cp", settings.jar().toString(), BenchWorker.class.getName()));
    worker =
        Proc.start(
            "worker",
            cmd,
            Map.of(
                "TEMPORAL_ADDRESS", temporalAddress(),
                "TEMPORAL_NAMESPACE", "default",
                "FULLECS_CLOUD_URL", cloudUrl(),
                "FULLECS_SERVICE_TOKEN", Bench.SERVICE_TOKEN,
                "FULLECS_METRICS_PORT", "0"),
            work.resolve("worker-" + run + ".log"));
    Proc w = worker;
    await("the worker", Duration.ofSeconds(60), () -> w.logText().contains("bench worker polling"), w);
    log.info("worker up (pid {})", worker.pid());
  }

  private void stopEmulator() {
    if (emulator != null) {
      emulator.close();
      emulator = null;
    }
  }

  private void stopWorker() {
    if (worker != null) {
      worker.close();
      worker = null;
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void await(String what, Duration max, BooleanSupplier up, Proc proc) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!up.getAsBoolean()) {
      if (!proc.alive()) {
        throw new IllegalStateException(what + " exited; see " + proc.log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " did not come up in " + max + "; see " + proc.log);
      }
      Bench.sleep(200);
    }
  }

  @Override
  public void close() {
    stopWorker();
    stopEmulator();
    if (service != null) {
      service.shutdownNow();
    }
    if (temporal != null) {
      temporal.close();
    }
  }
}
