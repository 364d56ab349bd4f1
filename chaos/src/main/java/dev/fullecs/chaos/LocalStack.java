package dev.fullecs.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three real processes of a chaos run, each started from its own jar or binary, with its log
 * in the work directory: a fresh Temporal dev server (with the six search attributes), the cloud
 * emulator on a database file that survives its restarts, and the worker. Kills are SIGKILL
 * ({@link Process#destroyForcibly()}) of the one process this class started, by its handle.
 */
final class LocalStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  static final List<String> SEARCH_ATTRIBUTES =
      List.of("EcsId", "ImageId", "ImageName", "ImageStatus", "TenantId", "Region");
  static final String SERVICE_TOKEN = "tok-image-service";

  private final ChaosSettings settings;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> started = new ArrayList<>();
  private Process temporal;
  private Process emulator;
  private Process worker;

  LocalStack(ChaosSettings settings) {
    this.settings = settings;
  }

  String temporalAddress() {
    return "127.0.0.1:" + settings.temporalPort();
  }

  String cloudUrl() {
    return "http://127.0.0.1:" + settings.emulatorPort();
  }

  Path emulatorLog() {
    return settings.workDir().resolve("emulator.log");
  }

  Path workerLog() {
    return settings.workDir().resolve("worker.log");
  }

  /**
   * Refuses to start when a port is taken: a dev server or emulator left over from another run
   * would answer in place of this run's own.
   */
  void requireFreePorts() throws IOException {
    for (int port : new int[] {settings.temporalPort(), settings.emulatorPort()}) {
      try (java.net.ServerSocket s = new java.net.ServerSocket()) {
        s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      } catch (IOException e) {
        throw new IOException("port " + port + " on 127.0.0.1 is in use (another stack?): pick others with"
            + " --temporal-port / --emulator-port");
      }
    }
  }

  void startTemporal() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        settings.temporalCli(), "server", "start-dev", "--headless",
        "--port", String.valueOf(settings.temporalPort()),
        "--db-filename", settings.workDir().resolve("temporal.db").toString(),
        "--log-level", "error"));
    for (String sa : SEARCH_ATTRIBUTES) {
      cmd.add("--search-attribute");
      cmd.add(sa + "=Keyword");
    }
    temporal = spawn(cmd, Map.of(), settings.workDir().resolve("temporal.log"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!temporal.isAlive()) {
        throw new IOException("the Temporal dev server exited with " + temporal.exitValue()
            + "; see " + settings.workDir().resolve("temporal.log"));
      }
      if (searchAttributesRegistered()) {
        log.info("Temporal dev server up on {} (pid {})", temporalAddress(), temporal.pid());
        return;
      }
      Thread.sleep(500);
    }
    throw new IOException("the Temporal dev server did not register its search attributes in 90 s");
  }

  private boolean searchAttributesRegistered() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(settings.temporalCli(), "operator", "search-attribute", "list",
        "--address", temporalAddress()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return SEARCH_ATTRIBUTES.stream().allMatch(out::contains);
  }

  void startEmulator() throws IOException, InterruptedException {
    emulator = spawn(List.of("java", "-Xmx768m", "-jar", settings.emulatorJar().toString(),
            "--port", String.valueOf(settings.emulatorPort()),
            "--db", settings.workDir().resolve("cloud.db").toString(),
            "--time-scale", String.valueOf(settings.timeScale())),
        Map.of(), emulatorLog());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!emulator.isAlive()) {
        throw new IOException("the emulator exited with " + emulator.exitValue() + "; see " + emulatorLog());
      }
      try {
        HttpResponse<Void> r = http.send(
            HttpRequest.newBuilder(URI.create(cloudUrl() + "/openapi.yaml")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          log.info("emulator up on {} (pid {})", cloudUrl(), emulator.pid());
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IOException("the emulator did not answer within 60 s; see " + emulatorLog());
  }

  /** SIGKILL, then a new emulator process on the same database file. */
  void killEmulator() throws InterruptedException {
    emulator.destroyForcibly();
    emulator.waitFor(10, TimeUnit.SECONDS);
    log.info("emulator killed (SIGKILL, pid {})", emulator.pid());
  }

  void startWorker() throws IOException {
    worker = spawn(List.of("java", "-Xmx768m", "-jar", settings.workerJar().toString()),
        Map.of("TEMPORAL_ADDRESS", temporalAddress(),
            "TEMPORAL_NAMESPACE", "default",
            "FULLECS_CLOUD_URL", cloudUrl(),
            "FULLECS_SERVICE_TOKEN", SERVICE_TOKEN,
            "FULLECS_METRICS_PORT", "0"),
        workerLog());
    log.info("worker started (pid {})", worker.pid());
  }

  /** Starts a worker and waits (up to 60 s) until its log says it polls; false if it never did. */
  boolean startWorkerAndAwaitPolling() throws IOException, InterruptedException {
    long from = Files.exists(workerLog()) ? Files.size(workerLog()) : 0;
    startWorker();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      byte[] all = Files.readAllBytes(workerLog());
      int at = (int) Math.min(from, all.length);
      if (new String(all, at, all.length - at, StandardCharsets.UTF_8).contains("polling task queue")) {
        return true;
      }
      if (!worker.isAlive()) {
        log.warn("the worker exited with {}; see {}", worker.exitValue(), workerLog());
        return false;
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** SIGKILL of the worker: no shutdown hook runs, in-flight tasks are simply lost. */
  void killWorker() throws InterruptedException {
    worker.destroyForcibly();
    worker.waitFor(10, TimeUnit.SECONDS);
    log.info("worker killed (SIGKILL, pid {})", worker.pid());
  }

  boolean workerAlive() {
    return worker != null && worker.isAlive();
  }

  private Process spawn(List<String> cmd, Map<String, String> env, Path logFile) throws IOException {
    Files.createDirectories(logFile.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("TEMPORAL_") || k.startsWith("FULLECS_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    started.add(p);
    return p;
  }

  /** Stops every process this stack started (and only those), newest first: the dev server last. */
  @Override
  public synchronized void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      Process p = started.get(i);
      if (!p.isAlive()) {
        continue;
      }
      p.destroy();
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
