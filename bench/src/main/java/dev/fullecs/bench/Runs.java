package dev.fullecs.bench;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.ImageWorkflows;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** Starts creations (and baseline workflows) and waits for them, as a client of the dev server. */
final class Runs implements AutoCloseable {
  /** One closed workflow; times from its history (start and close events), in ms since the epoch. */
  record Closed(
      String workflowId,
      boolean ok,
      String failure,
      long startMs,
      long closeMs,
      long events,
      long workflowTaskEvents) {
    /** Events other than workflow task scheduled/started/completed: the commands and their results. */
    long commandEvents() {
      return events - workflowTaskEvents;
    }

    double wallSeconds() {
      return (closeMs - startMs) / 1000.0;
    }
  }

  /** A batch or loop of workflows: how many, how many failed, how long it took (client clock). */
  record Outcome(int completed, int failed, double seconds, int maxInFlight, List<String> failures) {
    double perSecond() {
      return completed / seconds;
    }
  }

  private final WorkflowClient client;
  private final Path historyDir;
  private final AtomicInteger seq = new AtomicInteger();
  /** The ids of the creations started, in order (the cancel phase picks from them). */
  final java.util.Queue<String> startedCreations = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** Of the last closed loop: when its last workflow started and its first closed (nanoTime; 0 until then). */
  final AtomicLong lastStartNanos = new AtomicLong();
  final AtomicLong firstCloseNanos = new AtomicLong();
  /** Threads that call StartWorkflowExecution; enough that the client does not limit the start rate. */
  private final ExecutorService starters = Executors.newFixedThreadPool(32);

  Runs(WorkflowClient client, Path historyDir) {
    this.client = client;
    this.historyDir = historyDir;
  }

  /** Starts a creation of {@code serverId}; completes when the workflow closes (never exceptionally). */
  CompletableFuture<String> create(String serverId) {
    String requestId = "bench-" + seq.incrementAndGet();
    CreateImageRequest request =
        new CreateImageRequest(
            Bench.REGION, Bench.TENANT, serverId, null, Bench.VAULT, requestId, null, null,
            null, true, null, requestId);
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "FullEcsImageWorkflow",
            WorkflowOptions.newBuilder()
                .setTaskQueue(ImageWorkflows.TASK_QUEUE)
                .setWorkflowId(ImageWorkflows.workflowId(Bench.TENANT, requestId))
                .build());
    stub.start(request);
    startedCreations.add(stub.getExecution().getWorkflowId());
    return outcome(stub, CreationResult.class);
  }

  /** Starts a baseline workflow with the activities of a creation of a server with {@code disks} disks. */
  CompletableFuture<String> baseline(int disks) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "BaselineWorkflow",
            WorkflowOptions.newBuilder()
                .setTaskQueue(BaselineWorkflow.TASK_QUEUE)
                .setWorkflowId("bench-baseline-" + seq.incrementAndGet())
                .build());
    stub.start(disks);
    return outcome(stub, Integer.class);
  }

  /** The workflow id once closed; "!" + id + ": " + failure when it did not complete. */
  private static CompletableFuture<String> outcome(WorkflowStub stub, Class<?> resultType) {
    String id = stub.getExecution().getWorkflowId();
    return stub.getResultAsync(resultType)
        .handle((r, e) -> e == null ? id : "!" + id + ": " + rootMessage(e));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + " " + t.getMessage();
  }

  /** Runs {@code count} workflows all at once; returns their closed histories. */
  List<Closed> batch(int count, IntFunction<CompletableFuture<String>> start) {
    List<CompletableFuture<String>> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = i;
      started.add(CompletableFuture.supplyAsync(() -> start.apply(n), starters).thenCompose(f -> f));
    }
    List<Closed> out = new ArrayList<>();
    for (CompletableFuture<String> f : started) {
      String r = f.join();
      out.add(describe(r.startsWith("!") ? r.substring(1, r.indexOf(':')) : r,
          r.startsWith("!") ? r.substring(r.indexOf(':') + 2) : null));
    }
    return out;
  }

  /**
   * Keeps {@code inFlight} workflows running until {@code total} have closed; the rate is
   * {@code total} over the time from the first start to the last close (client clock).
   */
  Outcome closedLoop(int inFlight, int total, IntFunction<CompletableFuture<String>> start) {
    Semaphore slots = new Semaphore(inFlight);
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicLong lastClose = new AtomicLong();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> all = new ArrayList<>();
    lastStartNanos.set(0);
    firstCloseNanos.set(0);
    long t0 = System.nanoTime();
    for (int i = 0; i < total; i++) {
      slots.acquireUninterruptibly();
      int n = i;
      all.add(
          CompletableFuture.supplyAsync(
                  () -> {
                    CompletableFuture<String> closed = start.apply(n);
                    // In flight: started on the server and not closed yet.
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    lastStartNanos.accumulateAndGet(System.nanoTime(), Math::max);
                    return closed;
                  },
                  starters)
              .thenCompose(f -> f)
              .exceptionally(
                  e -> {
                    running.incrementAndGet();
                    return "!start: " + rootMessage(e);
                  })
              .thenAccept(
                  r -> {
                    if (r.startsWith("!")) {
                      failed.incrementAndGet();
                      failures.add(r.substring(1));
                    }
                    long closedAt = System.nanoTime();
                    lastClose.accumulateAndGet(closedAt, Math::max);
                    firstCloseNanos.compareAndSet(0, closedAt);
                    running.decrementAndGet();
                    slots.release();
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    double seconds = (lastClose.get() - t0) / 1e9;
    return new Outcome(total - failed.get(), failed.get(), seconds, maxRunning.get(),
        List.copyOf(failures.subList(0, Math.min(5, failures.size()))));
  }

  /** Start and close time and history length of a closed workflow; its history is saved to {@code dir}. */
  Closed describe(String workflowId, String failure) {
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    long workflowTasks =
        history.getEvents().stream()
            .filter(e -> e.getEventType().name().startsWith("EVENT_TYPE_WORKFLOW_TASK_"))
            .count();
    if (historyDir != null) {
      try {
        Files.createDirectories(historyDir);
        Files.writeString(historyDir.resolve(workflowId + ".json"), history.toJson(true));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    WorkflowExecutionInfo info =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .build())
            .getWorkflowExecutionInfo();
    long start = info.getStartTime().getSeconds() * 1000 + info.getStartTime().getNanos() / 1_000_000;
    long close = info.getCloseTime().getSeconds() * 1000 + info.getCloseTime().getNanos() / 1_000_000;
    return new Closed(
        workflowId, failure == null, failure, start, close, info.getHistoryLength(), workflowTasks);
  }

  /** Requests the cancel of a creation; returns when the server took the request. */
  void cancel(String workflowId) {
    client.newUntypedWorkflowStub(workflowId).cancel();
  }

  /** Whether {@code workflowId} has a pending activity of one of {@code types}. */
  boolean waiting(String workflowId, java.util.Set<String> types) {
    try {
      return client.getWorkflowServiceStubs().blockingStub()
          .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
              .build())
          .getPendingActivitiesList().stream()
          .anyMatch(a -> types.contains(a.getActivityType().getName()));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The history of a closed workflow. */
  WorkflowExecutionHistory history(String workflowId) {
    return client.fetchHistory(workflowId);
  }

  @Override
  public void close() {
    starters.shutdownNow();
  }
}
