package dev.fullecs.bench;

import dev.fullecs.testkit.Processes;
import dev.fullecs.testkit.Stack;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phases of issue 15 (many creations waiting at once on one worker): what they measure and
 * the invariants they check. Each returns its report section; a broken invariant is added to
 * {@code broken}. None of them checks a speed.
 *
 * <ul>
 *   <li>{@code ratio}: N baseline workflows at zero latency, then N creations at once with long
 *       operations, on the same worker and dev server: wall / max(critical path, baseline time).
 *   <li>{@code wide}: N creations of servers with many data disks at once: all complete; the
 *       worker's peak RSS and live threads; the dev server's writes per second while they wait.
 *   <li>{@code cancel}: N creations at once, some cancelled while they wait: the time from the
 *       cancel request to the cleanup's first activity; every cancelled creation reaches it.
 * </ul>
 */
final class WaitPhases {
  private static final Logger log = LoggerFactory.getLogger(WaitPhases.class);
  /** The cleanup's first activity, whichever way the creation stops. */
  static final Set<String> CLEANUP_ACTIVITIES = Set.of("DeleteKeepingBackups", "MarkFailed");
  /** The activities a creation waits in. */
  static final Set<String> WAIT_ACTIVITIES = Set.of("AwaitSnapshot", "AwaitBackup", "SnapshotDisk", "BackupServer");
  /** A worker that waits without a thread per wait stays under this many threads (issue 15). */
  static final int THREAD_LIMIT = 300;

  private final Stack stack;
  private final String worker;
  /** The dev server's Prometheus endpoint, or null (no server writes figure). */
  private final String temporalMetrics;
  private final Runs runs;
  private final List<String> broken;

  WaitPhases(Stack stack, String worker, String temporalMetrics, Runs runs, List<String> broken) {
    this.stack = stack;
    this.worker = worker;
    this.temporalMetrics = temporalMetrics;
    this.runs = runs;
    this.broken = broken;
  }

  /** A fresh worker, warmed up at zero latency. */
  private void freshWorker() throws IOException {
    List<String> warm = BenchMain.freshEmulator(stack, Duration.ZERO, Duration.ZERO).generate(20, 2);
    stack.restart(worker);
    runs.closedLoop(10, 20, i -> runs.create(warm.get(i)));
    if (BenchMain.baselineQueue) {
      runs.closedLoop(10, 20, i -> runs.baseline(3));
    }
  }

  private double workerPeakRssMib() {
    return Processes.peakRssMib(stack.pid(worker));
  }

  /** The threads of a process by kind (/proc/PID/task/TID/comm without its digits), most first. */
  static Map<String, Integer> threadKinds(long pid) {
    Map<String, Integer> kinds = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
          kinds.merge(name, 1, Integer::sum);
        } catch (IOException e) {
          // the thread ended
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone: no figure
    }
    Map<String, Integer> sorted = new java.util.LinkedHashMap<>();
    kinds.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** Live threads of a process now (/proc/PID/status Threads), or -1 when gone. */
  static int threads(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("Threads:")) {
          return Integer.parseInt(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone: no figure
    }
    return -1;
  }

  // (a)

  String ratio(int n, BenchMain.Ops ops) throws IOException {
    freshWorker();
    log.info("ratio: {} baseline workflows at once, zero latency", n);
    Runs.Outcome base = runs.closedLoop(n, n, i -> runs.baseline(3));
    List<String> servers = BenchMain.freshEmulator(stack, ops.snapshot(), ops.backup()).generate(n, 2);
    log.info("ratio: {} creations at once, {}", n, ops.label());
    Sampler sampler = Sampler.start(this);
    Runs.Outcome o = runs.closedLoop(n, n, i -> runs.create(servers.get(i)));
    sampler.stop();
    double bound = Math.max(ops.bound(), base.seconds());
    double ratio = o.seconds() / bound;
    if (o.failed() > 0 || base.failed() > 0) {
      broken.add("ratio: " + o.failed() + " creations and " + base.failed() + " baseline workflows failed, e.g. "
          + o.failures() + base.failures());
    }
    StringBuilder r = new StringBuilder("### 6. Waiting overlaps the server's work: " + n + " creations at once\n\n");
    r.append("Servers with 2 data disks, every snapshot and backup " + ops.label() + ". First " + n
        + " baseline workflows at once at zero latency (the time the same dev server and worker need for"
        + " that many workflows), then the " + n + " creations at once. Ratio: creations' wall / max(critical"
        + " path, baseline time). Wall: first start to last close (client clock).\n\n");
    BenchMain.table(r,
        List.of("creations", "completed", "failed", "critical path (s)", "baseline: " + n + " at once (s)",
            "wall (s)", "wall / max(critical path, baseline)", "worker peak RSS (MiB)", "worker peak threads"),
        List.<String[]>of(new String[] {
            String.valueOf(n), String.valueOf(o.completed()), String.valueOf(o.failed()), BenchMain.f1(ops.bound()),
            BenchMain.f1(base.seconds()), BenchMain.f1(o.seconds()), BenchMain.f3(ratio),
            BenchMain.f1(workerPeakRssMib()), String.valueOf(sampler.peakThreads)}));
    return r.toString();
  }

  // (b)

  String wide(int n, int disks, BenchMain.Ops ops, boolean checkThreads) throws IOException {
    freshWorker();
    List<String> servers = BenchMain.freshEmulator(stack, ops.snapshot(), ops.backup()).generate(n, disks);
    log.info("wide: {} creations of {} data disks at once, {}", n, disks, ops.label());
    Sampler sampler = Sampler.start(this);
    Runs.Outcome o = runs.closedLoop(n, n, i -> runs.create(servers.get(i)));
    sampler.stop();
    double rss = workerPeakRssMib();
    long allStarted = runs.lastStartNanos.get();
    long firstClose = runs.firstCloseNanos.get();
    double[] waiting = sampler.rates(allStarted, firstClose);
    double[] whole = sampler.rates(0, Long.MAX_VALUE);
    if (o.failed() > 0 || o.completed() != n) {
      broken.add("wide: " + o.failed() + " of " + n + " creations failed, e.g. " + o.failures());
    }
    if (checkThreads && sampler.peakThreads > THREAD_LIMIT) {
      broken.add("wide: the worker ran " + sampler.peakThreads + " threads for " + n * (disks + 1)
          + " waiting snapshots (at most " + THREAD_LIMIT + ": a wait holds no thread)");
    }
    StringBuilder r = new StringBuilder("### 7. " + n + " creations of " + disks + " data disks at once ("
        + n * (disks + 1) + " waiting snapshots)\n\n");
    r.append("Every snapshot and backup " + ops.label() + ". Worker peak RSS: VmHWM; threads: /proc/PID/status,"
        + " sampled every second"
        + (BenchMain.baselineQueue
            ? " (this worker also polls the benchmark's baseline task queue: its pollers are not the product's)"
            : " (the product's worker alone: no baseline task queue in this run)")
        + ". Server writes: the dev server's `persistence_requests` of the operations"
        + " that write, and its `RecordActivityTaskHeartbeat` requests, per second, while every creation"
        + " had started and none had closed (" + BenchMain.f1(sampler.windowSeconds(allStarted, firstClose))
        + " s), and over the whole phase.\n\n");
    BenchMain.table(r,
        List.of("creations", "completed", "failed", "lower bound (s)", "wall (s)", "worker peak RSS (MiB)",
            "worker peak threads", "server writes/s while waiting", "heartbeats/s while waiting",
            "server writes/s, whole phase", "heartbeats/s, whole phase"),
        List.<String[]>of(new String[] {
            String.valueOf(n), String.valueOf(o.completed()), String.valueOf(o.failed()), BenchMain.f1(ops.bound()),
            BenchMain.f1(o.seconds()), BenchMain.f1(rss), String.valueOf(sampler.peakThreads),
            BenchMain.f1(waiting[0]), BenchMain.f1(waiting[1]), BenchMain.f1(whole[0]), BenchMain.f1(whole[1])}));
    r.append("The worker's threads at their peak, by name (`#`: a number): ").append(sampler.peakThreadKinds)
        .append(".\n\n");
    return r.toString();
  }

  // (c)

  String cancel(int n, int cancels, BenchMain.Ops ops, Duration into) throws IOException {
    freshWorker();
    List<String> servers = BenchMain.freshEmulator(stack, ops.snapshot(), ops.backup()).generate(n, 2);
    runs.startedCreations.clear();
    log.info("cancel: {} creations at once, {} cancelled {} s after the last started", n, cancels, into.toSeconds());
    CompletableFuture<Runs.Outcome> loop =
        CompletableFuture.supplyAsync(() -> runs.closedLoop(n, n, i -> runs.create(servers.get(i))),
            Executors.newSingleThreadExecutor());
    while (runs.startedCreations.size() < n && !loop.isDone()) {
      Bench.sleep(100);
    }
    Bench.sleep(into.toMillis());
    // Cancelled: creations that are waiting for a snapshot or the backup (a creation cancelled
    // before it created anything ends with its unlock alone, and has no cleanup to measure).
    List<String> ids = new ArrayList<>(runs.startedCreations);
    int step = Math.max(1, ids.size() / Math.max(1, cancels));
    List<String> chosen = new ArrayList<>();
    for (int round = 0; round < 20 && chosen.size() < cancels && !loop.isDone(); round++) {
      for (int i = round % step; i < ids.size() && chosen.size() < cancels; i += step) {
        String id = ids.get(i);
        if (!chosen.contains(id) && runs.waiting(id, WAIT_ACTIVITIES)) {
          chosen.add(id);
        }
      }
    }
    Map<String, Long> requestedAt = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (String id : chosen) {
      sent.add(CompletableFuture.runAsync(() -> {
        requestedAt.put(id, System.currentTimeMillis());
        runs.cancel(id);
      }, pool));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    pool.shutdown();
    Runs.Outcome o = loop.join();
    List<Double> seconds = new ArrayList<>();
    int reached = 0;
    List<String> missing = new ArrayList<>();
    for (String id : chosen) {
      Long at = requestedAt.get(id);
      HistoryEvent cleanup = null;
      boolean cancelRequested = false;
      for (HistoryEvent e : runs.history(id).getEvents()) {
        if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED) {
          cancelRequested = true;
        } else if (cancelRequested && e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
            && CLEANUP_ACTIVITIES.contains(e.getActivityTaskScheduledEventAttributes().getActivityType().getName())) {
          cleanup = e;
          break;
        }
      }
      if (cleanup == null) {
        missing.add(id);
        continue;
      }
      reached++;
      long ms = cleanup.getEventTime().getSeconds() * 1000 + cleanup.getEventTime().getNanos() / 1_000_000;
      seconds.add((ms - at) / 1000.0);
    }
    if (!missing.isEmpty()) {
      broken.add("cancel: " + missing.size() + " of " + chosen.size()
          + " cancelled creations never started their cleanup, e.g. " + missing.subList(0, Math.min(3, missing.size())));
    }
    int others = n - chosen.size();
    if (o.completed() < others) {
      broken.add("cancel: " + (others - o.completed()) + " creations that were not cancelled did not complete: "
          + o.failures());
    }
    seconds.sort(Double::compare);
    StringBuilder r = new StringBuilder("### 8. Cancel at " + n + " in flight\n\n");
    r.append(n + " creations at once (servers with 2 data disks, every snapshot and backup " + ops.label() + "); "
        + into.toSeconds() + " s after the last had started, " + chosen.size() + " of them that wait for a snapshot or"
        + " the backup (a pending AwaitSnapshot or AwaitBackup), spread over the start order, are cancelled at once (16 client threads). Time: from the client's cancel request to the"
        + " cleanup's first activity scheduled (its event time; same machine, same clock).\n\n");
    BenchMain.table(r,
        List.of("in flight", "cancelled", "reached the cleanup", "p50 (s)", "p99 (s)", "max (s)",
            "others completed"),
        List.<String[]>of(new String[] {
            String.valueOf(n), String.valueOf(chosen.size()), String.valueOf(reached),
            BenchMain.f2(pct(seconds, 0.50)), BenchMain.f2(pct(seconds, 0.99)), BenchMain.f2(pct(seconds, 1.0)),
            Math.min(others, o.completed()) + " of " + others}));
    return r.toString();
  }

  private static double pct(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  /** Samples the worker's threads every second and the dev server's counters every two. */
  static final class Sampler {
    private final WaitPhases phases;
    private final HttpClient http = HttpClient.newHttpClient();
    /** nanoTime, writes so far, heartbeats so far. */
    private final List<double[]> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopped;
    private Thread thread;
    volatile int peakThreads;
    /** The threads at the peak by kind: their Linux name (the first 15 characters of the Java one) without digits. */
    volatile Map<String, Integer> peakThreadKinds = Map.of();

    private Sampler(WaitPhases phases) {
      this.phases = phases;
    }

    static Sampler start(WaitPhases phases) {
      Sampler s = new Sampler(phases);
      s.thread = new Thread(s::run, "bench-sampler");
      s.thread.setDaemon(true);
      s.thread.start();
      return s;
    }

    void stop() {
      stopped = true;
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void run() {
      int i = 0;
      while (!stopped) {
        long pid = phases.stack.pid(phases.worker);
        int now = threads(pid);
        if (now > peakThreads) {
          peakThreads = now;
          peakThreadKinds = threadKinds(pid);
        }
        if (i++ % 2 == 0) {
          scrape();
        }
        Bench.sleep(1000);
      }
      scrape();
    }

    private void scrape() {
      if (phases.temporalMetrics == null) {
        return;
      }
      try {
        String text = http.send(HttpRequest.newBuilder(URI.create(phases.temporalMetrics))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        double[] writesAndBeats = new double[2];
        DevServerMetrics.counters(text, (metric, operation, labels, v) -> {
          if (metric.equals("persistence_requests") && DevServerMetrics.writes(operation)) {
            writesAndBeats[0] += v;
          } else if (metric.equals("service_requests") && operation.equals("RecordActivityTaskHeartbeat")
              && labels.contains("service_name=\"frontend\"")) {
            writesAndBeats[1] += v;
          }
        });
        samples.add(new double[] {System.nanoTime(), writesAndBeats[0], writesAndBeats[1]});
      } catch (IOException | RuntimeException e) {
        // a missed sample
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    double windowSeconds(long from, long to) {
      double[] a = first(from);
      double[] b = last(to);
      return a == null || b == null || b[0] <= a[0] ? 0 : (b[0] - a[0]) / 1e9;
    }

    /** Writes and heartbeats per second between the samples nearest inside [from, to]. */
    double[] rates(long from, long to) {
      double[] a = first(from);
      double[] b = last(to);
      if (a == null || b == null || b[0] <= a[0]) {
        return new double[] {Double.NaN, Double.NaN};
      }
      double s = (b[0] - a[0]) / 1e9;
      return new double[] {(b[1] - a[1]) / s, (b[2] - a[2]) / s};
    }

    private double[] first(long from) {
      synchronized (samples) {
        return samples.stream().filter(x -> x[0] >= from).findFirst().orElse(null);
      }
    }

    private double[] last(long to) {
      synchronized (samples) {
        double[] found = null;
        for (double[] x : samples) {
          if (x[0] <= (to == 0 ? Long.MAX_VALUE : to)) {
            found = x;
          }
        }
        return found;
      }
    }
  }
}
