package dev.fullecs.bench;

import dev.fullecs.bench.BaselineWorkflow.Overhead;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase {@code overheads} (issue 15): what a creation costs the Temporal server besides its
 * activities. At zero latency, {@code count} workflows of each kind in a closed loop of {@code
 * inFlight}: creations of a server with 2 data disks, the baseline of the same 16 activities bare,
 * the baseline with each {@link Overhead} alone, and with all of them; per workflow, the CPU of
 * each process and (dev server) the server's persistence requests by operation.
 */
final class OverheadPhase {
  private static final Logger log = LoggerFactory.getLogger(OverheadPhase.class);
  /** The persistence operations the table shows; the log has every one. */
  private static final List<String> SHOWN =
      List.of("UpdateWorkflowExecution", "CreateTasks", "ReadHistoryBranch", "GetNamespace");

  private final Runs runs;
  private final String temporalMetrics;
  private final Supplier<double[]> cpu;
  private final HttpClient http = HttpClient.newHttpClient();

  /** {@code cpu}: CPU seconds so far of the worker, the Temporal server and the emulator. */
  OverheadPhase(Runs runs, String temporalMetrics, Supplier<double[]> cpu) {
    this.runs = runs;
    this.temporalMetrics = temporalMetrics;
    this.cpu = cpu;
  }

  /** Runs the phase on a fresh emulator at zero latency ({@code servers}); returns its report. */
  String run(EmulatorAdmin admin, int count, int inFlight) throws IOException {
    List<String> servers = admin.generate(count + 10, 2);
    runs.closedLoop(10, 10, i -> runs.create(servers.get(count + i)));
    runs.closedLoop(10, 10, i -> runs.baseline(BaselineWorkflow.OVERHEADS - Overhead.all()));
    List<String[]> rows = new ArrayList<>();
    rows.add(measure("creation (2 data disks)", count, inFlight, i -> runs.create(servers.get(i))));
    rows.add(measure("baseline, 16 activities, bare", count, inFlight, i -> runs.baseline(BaselineWorkflow.OVERHEADS)));
    for (Overhead o : Overhead.values()) {
      rows.add(measure("baseline + " + o.what, count, inFlight, i -> runs.baseline(BaselineWorkflow.OVERHEADS - o.bit)));
    }
    rows.add(measure("baseline + all of these", count, inFlight,
        i -> runs.baseline(BaselineWorkflow.OVERHEADS - Overhead.all())));
    StringBuilder r = new StringBuilder("### 9. What a creation costs the server besides its activities\n\n");
    r.append("Zero latency; " + count + " workflows of each row in a closed loop of " + inFlight
        + ", one row after another. The baseline: the creation's 16 activities in its shape (three in a row,"
        + " three starts at once, three waits at once, seven in a row), each one call of the emulator's no-op,"
        + " with none or some of the creation's other costs. CPU: user + system seconds per workflow;"
        + " persistence: the dev server's `persistence_requests` per workflow (n/a on the cluster).\n\n");
    List<String> head = new ArrayList<>(List.of("row", "workflows", "per second", "CPU s: Temporal / worker / emulator",
        "persistence writes"));
    SHOWN.forEach(head::add);
    BenchMain.table(r, head, rows);
    return r.toString();
  }

  private String[] measure(String label, int count, int inFlight,
      IntFunction<java.util.concurrent.CompletableFuture<String>> start) {
    double[] cpu0 = cpu.get();
    Map<String, Double> ops0 = persistence();
    Runs.Outcome o = runs.closedLoop(inFlight, count, start);
    double[] cpu1 = cpu.get();
    Map<String, Double> ops1 = persistence();
    int n = Math.max(1, o.completed());
    Map<String, Double> per = new TreeMap<>();
    double writes = 0;
    for (Map.Entry<String, Double> e : ops1.entrySet()) {
      double d = (e.getValue() - ops0.getOrDefault(e.getKey(), 0.0)) / n;
      per.put(e.getKey(), d);
      if (DevServerMetrics.writes(e.getKey())) {
        writes += d;
      }
    }
    log.info("overheads: {}: {} of {} completed, {}/s, persistence per workflow {}", label, o.completed(),
        count, BenchMain.f2(o.perSecond()), per);
    boolean counted = temporalMetrics != null;
    List<String> row = new ArrayList<>(List.of(label, o.completed() + (o.failed() > 0 ? " (" + o.failed() + " failed)" : ""),
        BenchMain.f2(o.perSecond()),
        BenchMain.f3((cpu1[1] - cpu0[1]) / n) + " / " + BenchMain.f3((cpu1[0] - cpu0[0]) / n) + " / "
            + BenchMain.f3((cpu1[2] - cpu0[2]) / n),
        counted ? BenchMain.f1(writes) : "n/a"));
    for (String op : SHOWN) {
      row.add(counted ? BenchMain.f1(per.getOrDefault(op, 0.0)) : "n/a");
    }
    return row.toArray(new String[0]);
  }

  /** The dev server's persistence requests so far by operation; empty without its metrics. */
  private Map<String, Double> persistence() {
    Map<String, Double> out = new TreeMap<>();
    if (temporalMetrics == null) {
      return out;
    }
    try {
      String body = http.send(HttpRequest.newBuilder(URI.create(temporalMetrics)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      DevServerMetrics.counters(body, (metric, operation, labels, v) -> {
        if (metric.equals("persistence_requests")) {
          out.merge(operation, v, Double::sum);
        }
      });
    } catch (IOException e) {
      log.warn("overheads: the dev server's metrics were not read: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }
}
