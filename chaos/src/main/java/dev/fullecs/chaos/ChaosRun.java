package dev.fullecs.chaos;

import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.Step;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaos phase: starts the planned creations at an even pace while faults are on, kills and
 * restarts the worker at random moments, restarts the emulator once, cancels some creations, and
 * has the tenant try to reboot servers under creation; then waits, bounded, for every creation to
 * close.
 */
final class ChaosRun {
  private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);
  /** Held past the worker's 30 s HTTP timeout (and the 30 s start-to-close of a short step). */
  static final long HANG_MS = 35_000;

  private final ChaosSettings settings;
  private final LocalStack stack;
  private final CloudAdmin admin;
  private final WorkflowClient client;
  private final Random random;
  private final RunLog runLog;
  private final Set<String> closed = ConcurrentHashMap.newKeySet();

  ChaosRun(ChaosSettings settings, LocalStack stack, CloudAdmin admin, WorkflowClient client,
      Random random, RunLog runLog) {
    this.settings = settings;
    this.stack = stack;
    this.admin = admin;
    this.client = client;
    this.random = random;
    this.runLog = runLog;
  }

  /** Returns the workflow ids still open when the drain timeout ran out (stuck). */
  Set<String> run(List<PlannedCreation> plan) throws Exception {
    admin.transientFaults(settings.faultRate(), HANG_MS);
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(4);
    ExecutorService starts = Executors.newFixedThreadPool(4);
    ExecutorService cancels = Executors.newCachedThreadPool();
    long t0 = System.nanoTime();
    long startOverMs = settings.startOver().toMillis();
    List<Long> killAt = moments(settings.workerKills(), 3_000, startOverMs + 15_000);
    List<Long> emulatorAt = moments(settings.emulatorRestarts(), startOverMs / 3, 2 * startOverMs / 3);
    CompletableFuture<Void> chaos = CompletableFuture.runAsync(() -> chaos(t0, killAt, emulatorAt));
    timers.scheduleWithFixedDelay(() -> meddle(plan), 2_000, 1_500, TimeUnit.MILLISECONDS);
    try {
      long gap = Math.max(1, startOverMs / Math.max(1, plan.size()));
      for (int i = 0; i < plan.size(); i++) {
        PlannedCreation c = plan.get(i);
        // The second of a lock-race pair starts with the first, not one gap later.
        boolean secondOfPair = c.kind() == Kind.LOCK_RACE && i > 0
            && plan.get(i - 1).kind() == Kind.LOCK_RACE && plan.get(i - 1).serverId().equals(c.serverId());
        sleepUntil(t0, (secondOfPair ? i - 1 : i) * gap);
        starts.submit(() -> start(c));
        if (c.kind() == Kind.CANCEL) {
          cancels.submit(() -> cancel(c));
        }
      }
      chaos.get();
      starts.shutdown();
      starts.awaitTermination(2, TimeUnit.MINUTES);
      runLog.chaosPhaseMillis = (System.nanoTime() - t0) / 1_000_000;
      log.info("chaos phase over after {} s: {} worker kills, {} emulator restarts; waiting up to {} s for the creations to close",
          (System.nanoTime() - t0) / 1_000_000_000, runLog.workerKills.size(), runLog.emulatorRestarts.size(),
          settings.drainTimeout().toSeconds());
      return awaitClosed(plan);
    } finally {
      timers.shutdownNow();
      starts.shutdownNow();
      cancels.shutdownNow();
    }
  }

  /** {@code n} random moments in [from, to) ms, sorted. */
  private List<Long> moments(int n, long from, long to) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(from + (long) (random.nextDouble() * Math.max(1, to - from)));
    }
    out.sort(Long::compare);
    return out;
  }

  private void chaos(long t0, List<Long> killAt, List<Long> emulatorAt) {
    List<long[]> events = new ArrayList<>();
    killAt.forEach(t -> events.add(new long[] {t, 0}));
    emulatorAt.forEach(t -> events.add(new long[] {t, 1}));
    events.sort((a, b) -> Long.compare(a[0], b[0]));
    try {
      for (long[] e : events) {
        sleepUntil(t0, e[0]);
        if (e[1] == 0) {
          stack.killWorker();
          runLog.workerKills.add(Instant.now());
          Thread.sleep(1_000 + random.nextInt(3_000));
          if (stack.startWorkerAndAwaitPolling()) {
            runLog.workerRestartsPolling.incrementAndGet();
          }
        } else {
          stack.killEmulator();
          runLog.emulatorRestarts.add(Instant.now());
          Thread.sleep(1_000 + random.nextInt(2_000));
          stack.startEmulator();
          admin.transientFaults(settings.faultRate(), HANG_MS); // faults live in memory
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not restart a process: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void start(PlannedCreation c) {
    FullEcsImageWorkflow wf = client.newWorkflowStub(FullEcsImageWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(c.workflowId())
            .setTaskQueue(ImageWorkflows.TASK_QUEUE)
            .build());
    for (int attempt = 1; ; attempt++) {
      try {
        WorkflowClient.start(wf::create, c.request());
        runLog.started.put(c.workflowId(), Instant.now());
        return;
      } catch (WorkflowExecutionAlreadyStarted e) {
        runLog.started.putIfAbsent(c.workflowId(), Instant.now());
        return;
      } catch (RuntimeException e) {
        if (attempt >= 5) {
          runLog.startErrors.put(c.workflowId(), e.toString());
          log.warn("could not start {}: {}", c.workflowId(), e.toString());
          return;
        }
        sleepQuietly(1_000L * attempt);
      }
    }
  }

  /**
   * Watches the creation's progress (query) until it reports the planned step or a later one, then
   * cancels it; not if it has already finished. A worker that is down answers no query: the watch
   * goes on, for up to 3 minutes, then cancels anyway.
   */
  private void cancel(PlannedCreation c) {
    String step = "unknown (no answer to the progress query)";
    WorkflowStub stub = client.newUntypedWorkflowStub(c.workflowId());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    try {
      while (System.nanoTime() < deadline) {
        if (runLog.started.containsKey(c.workflowId())) {
          try {
            step = stub.query("progress", CreationProgress.class).step();
            if (Step.valueOf(step).ordinal() >= c.cancelAt().ordinal()) {
              break;
            }
          } catch (RuntimeException e) {
            // the worker may be down right now: look again
          }
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (step.equals(Step.DONE.name()) || step.equals(Step.CLEANUP.name())) {
      runLog.cancels.put(c.workflowId(), new RunLog.Cancel(Instant.now(), step, false,
          "not sent: it had finished before " + c.cancelAt()));
      return;
    }
    try {
      stub.cancel();
      runLog.cancels.put(c.workflowId(), new RunLog.Cancel(Instant.now(), step, true, null));
    } catch (RuntimeException e) {
      runLog.cancels.put(c.workflowId(), new RunLog.Cancel(Instant.now(), step, false, e.getClass().getSimpleName()));
    }
  }

  /**
   * The tenant tries to reboot the server of a started creation (running, or closed but not yet
   * seen closed): refused while it is locked (F3), done otherwise; the audit replay checks which.
   */
  private void meddle(List<PlannedCreation> plan) {
    List<PlannedCreation> running = plan.stream()
        .filter(c -> runLog.started.containsKey(c.workflowId()) && !closed.contains(c.workflowId()))
        .filter(c -> c.kind() != Kind.INVALID)
        .toList();
    if (running.isEmpty()) {
      return;
    }
    runLog.reboot(admin.tryReboot(running.get(random.nextInt(running.size())).serverId()));
  }

  private Set<String> awaitClosed(List<PlannedCreation> plan) throws InterruptedException {
    long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
    Set<String> open = new HashSet<>();
    for (PlannedCreation c : plan) {
      if (runLog.started.containsKey(c.workflowId())) {
        open.add(c.workflowId());
      }
    }
    while (true) {
      for (String id : new ArrayList<>(open)) {
        if (isClosed(id)) {
          open.remove(id);
          closed.add(id);
        }
      }
      if (open.isEmpty() || System.nanoTime() > deadline) {
        return open;
      }
      Thread.sleep(3_000);
    }
  }

  private boolean isClosed(String workflowId) {
    try {
      WorkflowExecutionStatus status = client.getWorkflowServiceStubs().blockingStub()
          .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
              .build())
          .getWorkflowExecutionInfo().getStatus();
      return status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void sleepUntil(long t0, long atMs) throws InterruptedException {
    long wait = atMs - (System.nanoTime() - t0) / 1_000_000;
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
