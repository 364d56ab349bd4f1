package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The production topology as {@code scripts/cluster-up.sh} starts it: PostgreSQL, Temporal's
 * frontend, history, matching and worker services as four processes, the Web UI server, the
 * emulator and N workers. Driven only through the scripts, as a user runs them, with the ports and
 * the run directory in their environment: ports that are free now (Temporal's in blocks, the
 * membership ports below 32768), the run directory under {@code target/e2e-runs/NAME/} (or under
 * the temporary directory when PostgreSQL's own user could not enter {@code target/}).
 * {@link #down} is {@code scripts/cluster-down.sh}.
 */
final class ClusterStack implements CloudView {
  static final List<String> TEMPORAL_SERVICES = List.of("history", "matching", "frontend", "worker");

  final Path dir;
  final int workers;
  final int pgPort = RealStack.freePort();
  final int temporalPort = freeBlock(50_000, 56_000, 0, 1, 2, 6, 10);
  final int membershipPort = freeBlock(17_000, 26_000, 0, 1, 2, 6);
  final int uiPort = RealStack.freePort();
  final int cloudPort = RealStack.freePort();
  final int metricsPort;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;

  ClusterStack(String name, int workers, String cloudOptions) {
    this.dir = runDir(name);
    this.workers = workers;
    this.metricsPort = freeBlock(59_600, 60_400, IntStream.range(0, workers).toArray());
    env.put("FULLECS_CLUSTER_DIR", dir.toString());
    env.put("PG_PORT", String.valueOf(pgPort));
    env.put("TEMPORAL_PORT", String.valueOf(temporalPort));
    env.put("TEMPORAL_MEMBERSHIP_PORT", String.valueOf(membershipPort));
    env.put("TEMPORAL_UI_PORT", String.valueOf(uiPort));
    env.put("CLOUD_PORT", String.valueOf(cloudPort));
    env.put("METRICS_PORT", String.valueOf(metricsPort));
    env.put("WORKERS", String.valueOf(workers));
    env.put("CLOUD_OPTIONS", cloudOptions);
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

  // ---- the scripts ----

  /** {@code scripts/cluster-up.sh}: the first time on a fresh machine it builds Temporal (minutes). */
  RealStack.CliResult up() {
    return script("cluster-up.sh", Duration.ofMinutes(20));
  }

  RealStack.CliResult down(String... options) {
    return script("cluster-down.sh", Duration.ofMinutes(5), options);
  }

  private RealStack.CliResult script(String name, Duration timeout, String... options) {
    List<String> cmd = new ArrayList<>(List.of("bash", RealStack.ROOT.resolve("scripts").resolve(name).toString()));
    cmd.addAll(List.of(options));
    long started = System.nanoTime();
    RealStack.CliResult r = RealStack.run(cmd, env, timeout);
    System.out.printf("[e2e] %s %s: exit %d in %.1f s%n", name, String.join(" ", options), r.exitCode(),
        (System.nanoTime() - started) / 1e9);
    return r;
  }

  // ---- the processes, by the script's pid files ----

  Path log(String name) {
    return dir.resolve(name + ".log");
  }

  long pid(String name) {
    try {
      return Long.parseLong(Files.readString(dir.resolve(name + ".pid")).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pid of every process the script started, by name (from its pid files). */
  Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted().forEach(f -> {
        String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
        pids.put(name, pid(name));
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pids;
  }

  /** Not exited: an exited process that its parent has not reaped yet (a zombie) counts as stopped. */
  static boolean alive(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false; // gone meanwhile
    }
  }

  /** The command line of a live process, from /proc. */
  static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ').trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL of the process named by {@code NAME.pid}: nothing flushed, nothing shut down. */
  void kill9(String name) {
    long pid = pid(name);
    ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(name + " (pid " + pid + ") is not running"));
    p.destroyForcibly(); // SIGKILL on Linux
    RealStack.waitFor(name + " (pid " + pid + ") is gone", Duration.ofSeconds(30), null, () -> !alive(pid));
    System.out.printf("[e2e] killed %s (pid %d, kill -9)%n", name, pid);
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

  /** The Temporal CLI against the cluster's frontend. */
  RealStack.CliResult temporalCommand(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(RealStack.temporalCli());
    cmd.addAll(List.of(args));
    cmd.add("--address");
    cmd.add(temporalAddress());
    return RealStack.run(cmd, Map.of(), Duration.ofSeconds(60));
  }

  /** The starter jar as the tenant, with the environment {@code env} (what cluster-up.sh printed). */
  static RealStack.CliResult starter(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", RealStack.ROOT.resolve("starter/target/starter.jar").toString()));
    cmd.addAll(List.of(args));
    Map<String, String> all = new LinkedHashMap<>(env);
    all.put("FULLECS_TENANT", RealStack.TENANT);
    all.put("FULLECS_TOKEN", RealStack.TENANT_TOKEN);
    return RealStack.run(cmd, all, Duration.ofMinutes(5));
  }

  /** GET on a URL: status and body. */
  HttpResponse<String> get(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode cloud(String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cloudUrl() + path))
          .header("X-Auth-Token", RealStack.TENANT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isBetween(200, 299);
      return RealStack.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public JsonNode server(String id) {
    return cloud("/v1/" + RealStack.TENANT + "/servers/" + id);
  }

  @Override
  public JsonNode image(String id) {
    return cloud("/v1/" + RealStack.TENANT + "/images/" + id);
  }

  @Override
  public List<JsonNode> snapshotsOf(String server) {
    return RealStack.list(cloud("/v1/" + RealStack.TENANT + "/snapshots?server_id=" + server).path("snapshots"));
  }

  @Override
  public List<JsonNode> backupsOf(String server) {
    return RealStack.list(cloud("/v1/" + RealStack.TENANT + "/backups?server_id=" + server).path("backups"));
  }

  void closeClient() {
    if (stubs != null) {
      stubs.shutdownNow();
      stubs = null;
      client = null;
    }
  }

  // ---- ports and the run directory ----

  /** A base port in [from, to) such that base + each offset is free on loopback now. */
  static int freeBlock(int from, int to, int... offsets) {
    Random random = new Random();
    for (int attempt = 0; attempt < 500; attempt++) {
      int base = from + random.nextInt(to - from);
      if (IntStream.of(offsets).allMatch(o -> free(base + o))) {
        return base;
      }
    }
    throw new AssertionError("no free block of ports in [" + from + ", " + to + ")");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Under target/ as the other e2e runs, unless the script runs PostgreSQL as another user (we are
   * root) who could not enter it; then under the temporary directory.
   */
  private static Path runDir(String name) {
    Path inTarget = RealStack.OUT.resolve("e2e-runs").resolve(name);
    if (!"root".equals(System.getProperty("user.name"))) {
      return inTarget;
    }
    for (Path p = inTarget.getParent(); p != null; p = p.getParent()) {
      try {
        if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          return Path.of(System.getProperty("java.io.tmpdir")).resolve("fullecs-e2e-" + name);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return inTarget;
  }
}
