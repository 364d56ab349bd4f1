package dev.fullecs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.testkit.Ports;
import dev.fullecs.testkit.Processes;
import dev.fullecs.testkit.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The performance benchmark of docs/PERFORMANCE.md, in one run against a real stack: critical-path
 * efficiency, history size, throughput against a bare-Temporal baseline, 1,000 creations at once,
 * worker CPU per creation. Writes a markdown table; exits 1 when an invariant breaks (a history
 * whose length depends on the operations' durations, an efficiency worse than 1.5, a creation
 * that did not complete), never because the machine is slow.
 *
 * <pre>
 * java -jar bench/target/bench.jar [--small] [--out FILE] [--work DIR]
 *     [--stack dev|cluster] [--temporal-port P] [--emulator-port P] [--temporal temporal]
 *     [--scale N] [--in-flight 1,50,500] [--only critical-path,throughput,scale]
 *     [--ratio N] [--wide N] [--wide-disks D] [--cancel N] [--cancels K] [--wait-ops S,B]
 *     [--only critical-path,throughput,scale,ratio,wide,cancel,overheads] [--overheads N]
 *     [--worker-jvm-arg ARG]... [--temporal-arg ARG]...
 * </pre>
 */
public final class BenchMain {
  private static final Logger log = LoggerFactory.getLogger(BenchMain.class);
  private static final List<Integer> DISKS = List.of(0, 2, 8);
  static final java.util.Set<String> PHASES =
      java.util.Set.of("critical-path", "throughput", "scale", "ratio", "wide", "cancel", "overheads");
  /** Run only when asked ({@code --only overheads}): not part of the full run. */
  static final java.util.Set<String> FULL_PHASES =
      java.util.Set.of("critical-path", "throughput", "scale", "ratio", "wide", "cancel");
  /**
   * Whether the worker polls the baseline's task queue: only when a phase runs baseline workflows
   * (throughput, ratio), so that the others measure the product's worker alone.
   */
  static boolean baselineQueue = true;
  /** Worst acceptable wall time / lower bound (the check; the goal is 1.05). */
  static final double EFFICIENCY_LIMIT = 1.5;
  private static final String WORKER = "worker-1";

  /** How much to run: the full benchmark or the CI-sized one. */
  record Plan(
      boolean ci,
      java.util.Set<String> phases,
      List<Ops> criticalPath,
      Ops overhead,
      int overheadRepeats,
      List<Ops> historyOnly,
      List<Integer> inFlight,
      int scale,
      Ops scaleOps,
      Waits waits) {

    static Plan full(int scale) {
      return new Plan(
          false,
          FULL_PHASES,
          List.of(Ops.of(30, 60), Ops.of(60, 60)),
          Ops.of(2, 3),
          3,
          List.of(Ops.of(1, 1)),
          List.of(1, 50, 500),
          scale,
          Ops.of(20, 20),
          Waits.full());
    }

    static Plan forCi() {
      return new Plan(
          true, java.util.Set.of("critical-path", "throughput", "wide", "cancel"), List.of(Ops.of(5, 5)), Ops.of(2, 3), 1,
          List.of(Ops.of(1, 1)), List.of(1, 10), 0, null, Waits.small());
    }

    Plan with(java.util.Set<String> only, List<Integer> counts) {
      return new Plan(ci, only == null ? phases : only, criticalPath, overhead, overheadRepeats,
          historyOnly, counts == null ? inFlight : counts, scale, scaleOps, waits);
    }

    Plan with(Waits w) {
      return new Plan(ci, phases, criticalPath, overhead, overheadRepeats, historyOnly, inFlight, scale, scaleOps, w);
    }

    int total(int inFlight) {
      return ci ? Math.max(5, 2 * inFlight) : Math.max(20, 2 * inFlight);
    }
  }

  /**
   * The phases of issue 15 ({@link WaitPhases}): {@code ratio} creations of 2 data disks against as
   * many baseline workflows, {@code wide} creations of {@code wideDisks} data disks, {@code cancel}
   * creations of which {@code cancels} are cancelled while they wait; every operation {@code ops}.
   */
  record Waits(int ratio, int wide, int wideDisks, int cancel, int cancels, Ops ops, boolean checkThreads) {
    static Waits full() {
      return new Waits(1000, 2000, 8, 1000, 100, Ops.of(60, 60), false);
    }

    static Waits small() {
      return new Waits(0, 20, 8, 10, 5, Ops.of(10, 10), true);
    }
  }

  /** Fixed durations of every snapshot and of every backup. */
  record Ops(Duration snapshot, Duration backup) {
    static Ops of(long snapshotSeconds, long backupSeconds) {
      return new Ops(Duration.ofSeconds(snapshotSeconds), Duration.ofSeconds(backupSeconds));
    }

    double bound() {
      return (snapshot.toMillis() + backup.toMillis()) / 1000.0;
    }

    /** The bound if the snapshots were taken one after another. */
    double sequentialBound(int disks) {
      return (disks * snapshot.toMillis() + backup.toMillis()) / 1000.0;
    }

    String label() {
      return seconds(snapshot) + " s / " + seconds(backup) + " s";
    }

    private static String seconds(Duration d) {
      return d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.valueOf(d.toMillis() / 1000.0);
    }
  }

  private final Plan plan;
  private final Stack stack;
  private final StringBuilder report = new StringBuilder();
  private final List<String> broken = new ArrayList<>();
  /** data disks → operations label → the creations' histories. */
  private final Map<Integer, Map<String, List<Runs.Closed>>> histories = new TreeMap<>();
  private Runs runs;

  /** The dev server's Prometheus endpoint; null on the cluster (no server writes figure there). */
  private final String temporalMetrics;

  private BenchMain(Plan plan, Stack stack, String temporalMetrics) {
    this.plan = plan;
    this.stack = stack;
    this.temporalMetrics = temporalMetrics;
  }

  public static void main(String[] args) throws Exception {
    boolean small = false;
    Path out = Path.of("bench/target/bench-results.md");
    Path work = null;
    int temporalPort = 0;
    int emulatorPort = 0;
    int scale = 1000;
    String temporal = "temporal";
    String stackKind = "dev";
    List<String> workerJvm = new ArrayList<>(List.of("-Xmx2g"));
    List<String> temporalArgs = new ArrayList<>();
    java.util.Set<String> only = null;
    List<Integer> inFlight = null;
    Integer ratio = null;
    Integer wide = null;
    Integer wideDisks = null;
    Integer cancel = null;
    Integer cancels = null;
    Ops waitOps = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--baseline-shape")) {
        // one-step (default: 12 activities, the shape before failure-paths) or two-step (16).
        String shape = args[++i];
        baselineArg = shape.equals("two-step") ? BaselineWorkflow.TWO_STEP - 3 : 3;
        baselineLabel = shape.equals("two-step")
            ? "the 16 activities of a creation since issue 12 (a server with 2 data disks: three in a row,"
                + " a start per disk at once, a wait per disk at once, seven in a row)"
            : "the same 12 activities (a server with 2 data disks)";
        continue;
      }
      switch (args[i]) {
        case "--small" -> small = true;
        case "--out" -> out = Path.of(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        case "--temporal-port" -> temporalPort = Integer.parseInt(args[++i]);
        case "--emulator-port" -> emulatorPort = Integer.parseInt(args[++i]);
        case "--temporal" -> temporal = args[++i];
        case "--stack" -> stackKind = args[++i];
        case "--scale" -> scale = Integer.parseInt(args[++i]);
        case "--worker-jvm-arg" -> workerJvm.add(args[++i]);
        case "--temporal-arg" -> temporalArgs.add(args[++i]);
        case "--only" -> only = java.util.Set.of(args[++i].split(","));
        case "--ratio" -> ratio = Integer.valueOf(args[++i]);
        case "--wide" -> wide = Integer.valueOf(args[++i]);
        case "--wide-disks" -> wideDisks = Integer.valueOf(args[++i]);
        case "--cancel" -> cancel = Integer.valueOf(args[++i]);
        case "--cancels" -> cancels = Integer.valueOf(args[++i]);
        case "--overheads" -> overheads = Integer.parseInt(args[++i]);
        case "--wait-ops" -> {
          String[] sb = args[++i].split(",");
          waitOps = Ops.of(Long.parseLong(sb[0]), Long.parseLong(sb[1]));
        }
        case "--in-flight" ->
            inFlight = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        default -> {
          System.err.println("bench: unknown option " + args[i] + " (see docs/PERFORMANCE.md)");
          System.exit(2);
        }
      }
    }
    if (work == null) {
      work = Files.createTempDirectory("fullecs-bench-");
    }
    Files.createDirectories(work);
    String jar = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    List<String> workerCommand = new ArrayList<>(workerJvm);
    // Only the phases that compare with the baseline give the worker its task queue: without it,
    // the wide phase counts the threads of the product's worker alone (issue 15's <= 300).
    baselineQueue =
        only == null || small || only.contains("throughput") || only.contains("ratio")
            || only.contains("overheads");
    if (!baselineQueue) {
      workerCommand.add("-D" + BenchWorker.BASELINE_PROPERTY + "=false");
    }
    workerCommand.addAll(List.of("-cp", jar, BenchWorker.class.getName()));
    // The measured stack, a dev stack of the testkit, each piece its own process: a headless dev
    // server on a fresh database, the emulator (from this jar; started again with other durations
    // between phases, on a fresh database each time) and the worker (BenchWorker).
    // With --stack cluster: the same emulator and worker, started by scripts/cluster-up.sh on
    // Temporal's own server (its four services as processes) on PostgreSQL.
    Stack.Spec spec;
    // The dev server's Prometheus endpoint: the wait phases read its writes and heartbeats there.
    String temporalMetrics = null;
    if (stackKind.equals("dev")) {
      int metricsPort = Ports.free();
      temporalMetrics = "http://127.0.0.1:" + metricsPort + "/metrics";
      List<String> devArgs = new ArrayList<>(temporalArgs);
      devArgs.addAll(List.of("--metrics-port", String.valueOf(metricsPort)));
      spec = Stack.dev().runDir(work).temporalCli(temporal).temporalPort(temporalPort)
          .cloudPort(emulatorPort).webUi(false).devServerLogLevel("error").devServerArgs(devArgs);
    } else if (stackKind.equals("cluster") && temporalPort == 0 && emulatorPort == 0 && temporalArgs.isEmpty()) {
      // PostgreSQL runs as its own user (as root: postgres) and must enter the run directory.
      Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      spec = Stack.cluster().runDir(work).temporalCli(temporal);
    } else {
      System.err.println("bench: --stack is dev or cluster (a cluster on free ports, without --temporal-arg)");
      System.exit(2);
      return;
    }
    spec.emulatorCommand(List.of("-Xmx1g", "-cp", jar, "dev.fullecs.emulator.EmulatorMain"))
        .emulatorOptions(emulatorOptions(Duration.ZERO, Duration.ZERO))
        .workerCommand(workerCommand, "bench worker polling task queue")
        .workerMetrics(false);
    Plan plan = (small ? Plan.forCi() : Plan.full(scale)).with(only, inFlight);
    Waits w = plan.waits();
    plan = plan.with(new Waits(
        ratio == null ? w.ratio() : ratio, wide == null ? w.wide() : wide,
        wideDisks == null ? w.wideDisks() : wideDisks, cancel == null ? w.cancel() : cancel,
        cancels == null ? w.cancels() : cancels, waitOps == null ? w.ops() : waitOps, w.checkThreads()));
    int code;
    String loadBefore = loadAverage();
    String server = stackKind.equals("dev") ? "Temporal dev server (SQLite)"
        : "Temporal cluster (frontend, history, matching, worker as processes, PostgreSQL)";
    try (Stack stack = spec.start()) {
      BenchMain bench = new BenchMain(plan, stack, temporalMetrics);
      code = bench.run(out, loadBefore, server);
    }
    System.exit(code);
  }

  private int run(Path out, String loadBefore, String server) throws IOException {
    String started = Instant.now().toString();
    runs = new Runs(stack.client(), stack.dir().resolve("histories"));
    try {
      warmUp();
      if (plan.phases().contains("critical-path")) {
        criticalPath();
      }
      if (plan.phases().contains("throughput")) {
        throughput();
      }
      if (plan.phases().contains("overheads")) {
        report.append(new OverheadPhase(runs, temporalMetrics, this::cpu)
            .run(freshEmulator(Duration.ZERO, Duration.ZERO), overheads, 100));
        partial(out);
      }
      if (plan.phases().contains("scale") && plan.scale() > 0) {
        scale();
      }
      WaitPhases waits = new WaitPhases(stack, WORKER, temporalMetrics, runs, broken);
      Waits w = plan.waits();
      if (plan.phases().contains("ratio") && w.ratio() > 0) {
        report.append(waits.ratio(w.ratio(), w.ops()));
        partial(out);
      }
      if (plan.phases().contains("wide") && w.wide() > 0) {
        report.append(waits.wide(w.wide(), w.wideDisks(), w.ops(), w.checkThreads()));
        partial(out);
      }
      if (plan.phases().contains("cancel") && w.cancel() > 0) {
        report.append(waits.cancel(w.cancel(), w.cancels(), w.ops(), Duration.ofSeconds(Math.min(20, w.ops().snapshot().toSeconds() / 3))));
        partial(out);
      }
    } finally {
      runs.close();
    }
    String header =
        "Run " + started + " to " + Instant.now() + " (" + (plan.ci() ? "small" : "full")
            + ") on the " + server + ", " + Runtime.getRuntime().availableProcessors() + " cores, load average "
            + loadBefore + " before, " + loadAverage() + " after.\n\n";
    String text = header + report + verdict();
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, text);
    System.out.println(text);
    System.out.println("written to " + out);
    return broken.isEmpty() ? 0 : 1;
  }

  /** What is measured so far, in {@code out}.partial (a long run stopped midway keeps it). */
  private void partial(Path out) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(Path.of(out + ".partial"), report + (broken.isEmpty() ? "" : "broken so far: " + broken + "\n"));
  }

  /** The emulator's options: every snapshot and every backup takes exactly this long. */
  static String[] emulatorOptions(Duration snapshot, Duration backup) {
    return new String[] {"--time-scale", "1.0",
        "--fixed-snapshot-seconds", String.valueOf(snapshot.toMillis() / 1000.0),
        "--fixed-backup-seconds", String.valueOf(backup.toMillis() / 1000.0)};
  }

  /** A new emulator on a fresh database, with these durations. */
  private EmulatorAdmin freshEmulator(Duration snapshot, Duration backup) {
    return freshEmulator(stack, snapshot, backup);
  }

  /** A new emulator of {@code stack} on a fresh database, with these durations. */
  static EmulatorAdmin freshEmulator(Stack stack, Duration snapshot, Duration backup) {
    stack.replaceEmulator(emulatorOptions(snapshot, backup));
    log.info("emulator up on {} (pid {}): snapshot {}, backup {}", stack.cloudUrl(), stack.pid("cloud-emulator"),
        snapshot, backup);
    return new EmulatorAdmin(stack.cloudUrl());
  }

  /** The worker's JIT compiles the hot paths before anything is timed. */
  private void warmUp() {
    // The stack has just started: a fresh emulator at zero durations and a fresh worker.
    List<String> servers = new EmulatorAdmin(stack.cloudUrl()).generate(20, 2);
    runs.closedLoop(10, 20, i -> runs.create(servers.get(i)));
    if (baselineQueue) {
      runs.closedLoop(10, 20, i -> runs.baseline(3));
    }
  }

  // 1 and 2: critical path and history size

  private void criticalPath() throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (Ops ops : plan.criticalPath()) {
      rows.addAll(efficiency(ops, 1, true));
    }
    rows.addAll(efficiency(plan.overhead(), plan.overheadRepeats(), true));
    for (Ops ops : plan.historyOnly()) {
      efficiency(ops, 1, false);
    }
    report.append("### 1. Critical path (emulator in fixed-duration mode)\n\n");
    report.append(
        "Wall time: from the workflow's start event to its close event. Lower bound: one snapshot"
            + " (all run at once) + the backup. One after another: what the same creation would take"
            + " at the least with its snapshots taken one at a time.\n\n");
    table(
        List.of("snapshot / backup", "data disks", "creations", "lower bound (s)", "wall (s, median)",
            "wall / bound", "overhead (s)", "one after another (s)", "concurrency saves (s)"),
        rows);

    report.append("### 2. History size (events per creation)\n\n");
    report.append(
        "Each cell: events in the history (of which workflow-task events). The commands and their"
            + " results (the rest) must not depend on the durations; the workflow-task events may: when"
            + " several snapshots finish in the same instant, as in fixed-duration mode, the server"
            + " hands their completions to the workflow in one workflow task or in several.\n\n");
    List<String> labels = new ArrayList<>();
    histories.values().forEach(byOps -> byOps.keySet().stream()
        .filter(l -> !labels.contains(l)).forEach(labels::add));
    List<String> head = new ArrayList<>(List.of("data disks"));
    head.addAll(labels);
    head.add("events without workflow tasks");
    head.add("equal across durations");
    List<String[]> hrows = new ArrayList<>();
    histories.forEach((disks, byOps) -> {
      List<String> r = new ArrayList<>(List.of(String.valueOf(disks)));
      java.util.Set<Long> commandEvents = new java.util.TreeSet<>();
      for (String l : labels) {
        List<Runs.Closed> cs = byOps.getOrDefault(l, List.of());
        r.add(cs.stream().map(c -> c.events() + " (" + c.workflowTaskEvents() + ")").distinct()
            .reduce((a, b) -> a + ", " + b).orElse("-"));
        cs.forEach(c -> commandEvents.add(c.commandEvents()));
      }
      boolean equal = commandEvents.size() == 1;
      r.add(commandEvents.toString().replaceAll("[\\[\\]]", ""));
      r.add(equal ? "yes" : "**no**");
      if (!equal) {
        broken.add("the commands of a creation with " + disks
            + " data disks depend on the durations: events without workflow tasks " + commandEvents);
      }
      hrows.add(r.toArray(String[]::new));
    });
    table(head, hrows);
  }

  /**
   * Creations of servers with 0, 2, 8 data disks, {@code repeats} of each, all at once. Without
   * {@code report} only their histories count (1-second operations: the fixed second of overhead
   * would make any ratio look bad).
   */
  private List<String[]> efficiency(Ops ops, int repeats, boolean report) throws IOException {
    EmulatorAdmin admin = freshEmulator(ops.snapshot(), ops.backup());
    List<String> servers = new ArrayList<>();
    List<Integer> diskOf = new ArrayList<>();
    for (int disks : DISKS) {
      for (String id : admin.generate(repeats, disks)) {
        servers.add(id);
        diskOf.add(disks);
      }
    }
    log.info("{}: {} creations at once", ops.label(), servers.size());
    List<Runs.Closed> closed = runs.batch(servers.size(), i -> runs.create(servers.get(i)));
    List<String[]> rows = new ArrayList<>();
    for (int disks : DISKS) {
      List<Double> walls = new ArrayList<>();
      for (int i = 0; i < closed.size(); i++) {
        if (diskOf.get(i) != disks) {
          continue;
        }
        Runs.Closed c = closed.get(i);
        if (!c.ok()) {
          broken.add("creation " + c.workflowId() + " (" + ops.label() + ") did not complete: " + c.failure());
          continue;
        }
        walls.add(c.wallSeconds());
        histories.computeIfAbsent(disks, d -> new LinkedHashMap<>())
            .computeIfAbsent(ops.label(), l -> new ArrayList<>()).add(c);
      }
      if (walls.isEmpty()) {
        continue;
      }
      double wall = median(walls);
      double ratio = wall / ops.bound();
      double sequential = ops.sequentialBound(disks + 1);
      // The check is on the critical-path phases (long operations); the overhead phase (2 s / 3 s)
      // reports seconds that grow with the machine's load, so it is never checked.
      if (report && !ops.equals(plan.overhead()) && ratio > EFFICIENCY_LIMIT) {
        broken.add(String.format(Locale.ROOT, "wall / bound %.3f > %.1f for %d data disks at %s",
            ratio, EFFICIENCY_LIMIT, disks, ops.label()));
      }
      rows.add(new String[] {
          ops.label(), String.valueOf(disks), String.valueOf(walls.size()), f1(ops.bound()), f2(wall),
          f3(ratio), f2(wall - ops.bound()), f1(sequential), f1(sequential - ops.bound())});
    }
    return report ? rows : List.of();
  }

  // 3 and 5: throughput against the baseline, CPU per creation

  /** The throughput phase's baseline: {@code --baseline-shape one-step|two-step}. */
  private static int baselineArg = 3;
  /** Workflows of each row of the overheads phase ({@code --overheads N}). */
  private static int overheads = 200;
  private static String baselineLabel = "the same 12 activities (a server with 2 data disks)";

  private void throughput() throws IOException {
    EmulatorAdmin admin = freshEmulator(Duration.ZERO, Duration.ZERO);
    int needed = 10;
    for (int n : plan.inFlight()) {
      needed += plan.total(n);
    }
    List<String> servers = admin.generate(needed, 2);
    int[] next = {0};
    // Warm-up of the fresh worker before anything is timed.
    runs.closedLoop(10, 10, i -> runs.create(servers.get(next[0]++)));
    runs.closedLoop(10, 10, i -> runs.baseline(baselineArg));

    List<String[]> rows = new ArrayList<>();
    for (int n : plan.inFlight()) {
      int total = plan.total(n);
      // Baseline, ours, ours, baseline (each half the count): a load that drifts during the loops
      // (the machine is shared) weighs on both alike.
      int half = Math.max(1, total / 2);
      Side base = new Side();
      Side ours = new Side();
      base.add(() -> runs.closedLoop(n, half, i -> runs.baseline(baselineArg)));
      for (int round = 0; round < 2; round++) {
        int first = next[0];
        next[0] += half;
        ours.add(() -> runs.closedLoop(n, half, i -> runs.create(servers.get(first + i))));
      }
      base.add(() -> runs.closedLoop(n, half, i -> runs.baseline(baselineArg)));
      log.info("{} in flight: ours {}/s, baseline {}/s", n, f2(ours.perSecond()), f2(base.perSecond()));
      if (ours.failed > 0 || base.failed > 0) {
        broken.add(n + " in flight: " + ours.failed + " creations and " + base.failed
            + " baseline workflows failed, e.g. " + ours.failures + base.failures);
      }
      rows.add(new String[] {
          String.valueOf(n), String.valueOf(ours.completed), f2(ours.perSecond()),
          f2(base.perSecond()), f2(ours.perSecond() / base.perSecond()),
          ours.cpuPerWorkflow(), base.cpuPerWorkflow()});
    }
    report.append("### 3. Throughput (emulator at zero latency, one worker process) and 5. worker CPU\n\n");
    report.append(
        "Closed loop: that many workflows kept in flight until the count has closed; rate = count /"
            + " (last close - first start), in two loops of half the count each, in the order"
            + " baseline, ours, ours, baseline. Baseline: a workflow with " + baselineLabel
            + ", each one plain HTTP call to `POST /v1/{t}/noop`, on the"
            + " same worker process and Temporal server. CPU: the worker process's user + system seconds"
            + " (/proc/PID/stat) over the loop, per workflow.\n\n");
    table(
        List.of("in flight", "workflows", "creations/s", "baseline/s", "ours / baseline",
            "CPU s per creation: worker / Temporal / emulator",
            "CPU s per baseline workflow: worker / Temporal / emulator"),
        rows);
  }

  // 4: scale

  private void scale() throws IOException {
    Ops ops = plan.scaleOps();
    // A fresh worker, warmed up at zero latency (20 creations), then the emulator with the
    // phase's durations: the worker's peak RSS and CPU belong to this phase.
    List<String> warm = freshEmulator(Duration.ZERO, Duration.ZERO).generate(20, 2);
    stack.restart(WORKER);
    runs.closedLoop(10, 20, i -> runs.create(warm.get(i)));
    EmulatorAdmin admin = freshEmulator(ops.snapshot(), ops.backup());
    List<String> servers = admin.generate(plan.scale(), 2);
    admin.resetStats();
    double[] cpu0 = cpu();
    log.info("scale: {} creations at once, {}", plan.scale(), ops.label());
    Runs.Outcome o = runs.closedLoop(plan.scale(), plan.scale(), i -> runs.create(servers.get(i)));
    double[] cpu1 = cpu();
    double rss = Processes.peakRssMib(stack.pid(WORKER));
    JsonNode all = admin.stats().get("all");
    if (o.failed() > 0 || o.completed() != plan.scale()) {
      broken.add("scale: " + o.failed() + " of " + plan.scale() + " creations failed, e.g. " + o.failures());
    }
    report.append("### 4. Scale: ").append(plan.scale()).append(" creations at once\n\n");
    report.append(
        "Servers with 2 data disks, every snapshot and backup " + ops.label()
            + ", all started at once. Emulator latency: every request but the long-polls, over the run"
            + " (`GET /admin/stats`). Worker peak RSS: VmHWM of a worker started for this phase (after"
            + " a warm-up of 20 creations). In flight: started and not closed, at most.\n\n");
    table(
        List.of("creations", "completed", "failed", "max in flight", "lower bound (s)", "wall (s)",
            "worker peak RSS (MiB)",
            "CPU s per creation: worker / Temporal / emulator", "emulator p50 (ms)",
            "emulator p99 (ms)", "emulator requests"),
        List.<String[]>of(new String[] {
            String.valueOf(plan.scale()), String.valueOf(o.completed()), String.valueOf(o.failed()),
            String.valueOf(o.maxInFlight()), f1(ops.bound()), f1(o.seconds()), f1(rss),
            perWorkflow(cpu0, cpu1, Math.max(1, o.completed())),
            f2(all.get("p50_ms").asDouble()), f2(all.get("p99_ms").asDouble()),
            all.get("count").asText()}));
  }

  /** The loops of one side of the comparison, added up. */
  private final class Side {
    int completed;
    int failed;
    double seconds;
    final double[] cpu = new double[3];
    final List<String> failures = new ArrayList<>();

    void add(java.util.function.Supplier<Runs.Outcome> loop) {
      double[] before = cpu();
      Runs.Outcome o = loop.get();
      double[] after = cpu();
      for (int i = 0; i < 3; i++) {
        cpu[i] += after[i] - before[i];
      }
      completed += o.completed();
      failed += o.failed();
      seconds += o.seconds();
      failures.addAll(o.failures());
    }

    double perSecond() {
      return completed / seconds;
    }

    String cpuPerWorkflow() {
      return perWorkflow(new double[3], cpu, Math.max(1, completed));
    }
  }

  /** CPU seconds so far of the worker, the Temporal server (dev server, or cluster with PostgreSQL) and the emulator. */
  private double[] cpu() {
    return new double[] {Processes.cpuSeconds(stack.pid(WORKER)), stack.temporalCpuSeconds(),
        Processes.cpuSeconds(stack.pid("cloud-emulator"))};
  }

  private static String perWorkflow(double[] before, double[] after, int workflows) {
    return f3((after[0] - before[0]) / workflows) + " / " + f3((after[1] - before[1]) / workflows)
        + " / " + f3((after[2] - before[2]) / workflows);
  }

  private String verdict() {
    if (broken.isEmpty()) {
      return "Invariants hold: every creation completed, history length independent of durations,"
          + " wall / bound <= " + EFFICIENCY_LIMIT + " in the critical-path phase (when it ran; the"
          + " ratio of phase 6 is a figure, not an invariant).\n";
    }
    StringBuilder b = new StringBuilder("**Broken invariants:**\n\n");
    broken.forEach(s -> b.append("- ").append(s).append('\n'));
    return b.toString();
  }

  private void table(List<String> head, List<String[]> rows) {
    table(report, head, rows);
  }

  static void table(StringBuilder report, List<String> head, List<String[]> rows) {
    report.append("| ").append(String.join(" | ", head)).append(" |\n|");
    head.forEach(h -> report.append("---|"));
    report.append('\n');
    for (String[] r : rows) {
      report.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    report.append('\n');
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  static String f1(double x) {
    return String.format(Locale.ROOT, "%.1f", x);
  }

  static String f2(double x) {
    return String.format(Locale.ROOT, "%.2f", x);
  }

  static String f3(double x) {
    return String.format(Locale.ROOT, "%.3f", x);
  }
}
