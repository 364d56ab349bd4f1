package dev.fullecs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.MaintenanceWindow;
import dev.fullecs.contract.Step;
import dev.fullecs.contract.StepTiming;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import dev.fullecs.testkit.Stack;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaos phase: starts the planned creations at an even pace while faults are on, kills and
 * restarts the worker at random moments, restarts the emulator once, takes the whole cloud down
 * for the outage and brings it back slow and refusing image deletes, cancels some creations,
 * extends some maintenance windows at their last moment, and has the tenant try to reboot servers
 * under creation; then waits, bounded, for every creation to close.
 */
final class ChaosRun {
  private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);
  /** Held past the worker's 30 s HTTP timeout (and the 30 s start-to-close of a short step). */
  static final long HANG_MS = 35_000;
  /** What the cloud refuses while it recovers: the cleanup's image delete, longer than any cleanup timeout. */
  static final String REFUSED_OPERATION = "delete_image";
  static final int REFUSE_STATUS = 409;
  static final String REFUSE_CODE = "IMAGE_BUSY";
  /** How much a window is extended by near its end. */
  static final String EXTENSION = "30m";
  /** Creations from backups start this far apart once the cloud recovers. */
  private static final long LATE_START_GAP_MS = 1_000;
  /** The stack's pieces the run kills. */
  static final String WORKER = "worker-1";
  static final String EMULATOR = "cloud-emulator";

  private final ChaosSettings settings;
  private final Stack stack;
  private final CloudAdmin admin;
  private final WorkflowClient client;
  private final Random random;
  private final RunLog runLog;
  private final Set<String> closed = ConcurrentHashMap.newKeySet();
  /** Counted down when the cloud comes back from the outage, slow and refusing (or would have). */
  private final CountDownLatch recovering = new CountDownLatch(1);
  /** What the emulator is told to inject now; sent again after it restarts. */
  private CloudFaults faults;

  ChaosRun(ChaosSettings settings, Stack stack, CloudAdmin admin, WorkflowClient client,
      Random random, RunLog runLog) {
    this.settings = settings;
    this.stack = stack;
    this.admin = admin;
    this.client = client;
    this.random = random;
    this.runLog = runLog;
    this.faults = CloudFaults.transientOnly(settings.faultRate(), HANG_MS);
  }

  /** Returns the workflow ids still open when the drain timeout ran out, or stuck on a failing workflow task. */
  Set<String> run(List<PlannedCreation> plan) throws Exception {
    applyFaults(f -> f);
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(4);
    ExecutorService starts = Executors.newFixedThreadPool(4);
    ExecutorService watchers = Executors.newCachedThreadPool();
    ExecutorService background = Executors.newFixedThreadPool(3);
    long t0 = System.nanoTime();
    long startOverMs = settings.startOver().toMillis();
    List<Long> killAt = moments(settings.workerKills(), 3_000, startOverMs + 15_000);
    List<Long> emulatorAt = moments(settings.emulatorRestarts(), startOverMs / 3, 2 * startOverMs / 3);
    List<PlannedCreation> spread = plan.stream().filter(c -> c.kind() != Kind.BACKUP_CANCEL).toList();
    List<PlannedCreation> late = plan.stream().filter(c -> c.kind() == Kind.BACKUP_CANCEL).toList();
    CompletableFuture<Void> chaos = CompletableFuture.runAsync(() -> chaos(t0, killAt, emulatorAt), background);
    CompletableFuture<Void> phases = CompletableFuture.runAsync(() -> cloudPhases(t0), background);
    CompletableFuture<Void> lateStarts =
        CompletableFuture.runAsync(() -> startWhenRecovering(late, starts, watchers), background);
    timers.scheduleWithFixedDelay(() -> meddle(plan), 2_000, 1_500, TimeUnit.MILLISECONDS);
    try {
      long gap = Math.max(1, startOverMs / Math.max(1, spread.size()));
      for (int i = 0; i < spread.size(); i++) {
        PlannedCreation c = spread.get(i);
        // The second of a lock-race pair starts with the first, not one gap later.
        boolean secondOfPair = c.kind() == Kind.LOCK_RACE && i > 0
            && spread.get(i - 1).kind() == Kind.LOCK_RACE && spread.get(i - 1).serverId().equals(c.serverId());
        sleepUntil(t0, (secondOfPair ? i - 1 : i) * gap);
        starts.submit(() -> start(c));
        watch(c, watchers);
      }
      chaos.get();
      phases.get();
      lateStarts.get();
      starts.shutdown();
      starts.awaitTermination(2, TimeUnit.MINUTES);
      runLog.chaosPhaseMillis = (System.nanoTime() - t0) / 1_000_000;
      log.info("chaos phase over after {} s: {} worker kills, {} emulator restarts, outage {}, recovery {}; "
              + "waiting up to {} s for the creations to close",
          (System.nanoTime() - t0) / 1_000_000_000, runLog.workerKills.size(), runLog.emulatorRestarts.size(),
          runLog.outage, runLog.recovery, settings.drainTimeout().toSeconds());
      return awaitClosed(plan);
    } finally {
      timers.shutdownNow();
      starts.shutdownNow();
      watchers.shutdownNow();
      background.shutdownNow();
    }
  }

  private void watch(PlannedCreation c, ExecutorService watchers) {
    if (c.kind().cancelled()) {
      watchers.submit(() -> cancel(c));
    } else if (c.kind() == Kind.WINDOW_EXTEND) {
      watchers.submit(() -> extend(c));
    }
  }

  /** The creations from backups start once the cloud is slow, so that a cancel finds their calls in flight. */
  private void startWhenRecovering(List<PlannedCreation> late, ExecutorService starts, ExecutorService watchers) {
    try {
      recovering.await();
      for (PlannedCreation c : late) {
        starts.submit(() -> start(c));
        watch(c, watchers);
        Thread.sleep(LATE_START_GAP_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
          if (stack.alive(WORKER)) { // not when an earlier restart did not come back
            stack.kill9(WORKER);
          }
          runLog.workerKills.add(Instant.now());
          Thread.sleep(1_000 + random.nextInt(3_000));
          if (restartWorker()) {
            runLog.workerRestartsPolling.incrementAndGet();
          }
        } else {
          stack.kill9(EMULATOR);
          runLog.emulatorRestarts.add(Instant.now());
          Thread.sleep(1_000 + random.nextInt(2_000));
          stack.start(EMULATOR);
          applyFaults(f -> f); // faults live in the emulator's memory
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not set the faults again after the emulator's restart: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the killed worker again; false (and the run goes on) when it does not poll within 90 s. */
  private boolean restartWorker() {
    try {
      stack.start(WORKER);
      return true;
    } catch (IllegalStateException e) {
      log.warn("the worker did not come back: {}; see {}", e.getMessage(), stack.log(WORKER));
      return false;
    }
  }

  /**
   * The cloud's phases: a third into the start window the whole service goes down for the outage;
   * then it comes back slow (every call delayed) and refusing image deletes for the recovery; then
   * only the transient faults remain.
   */
  private void cloudPhases(long t0) {
    try {
      sleepUntil(t0, settings.outageStart().toMillis());
      if (!settings.outage().isZero()) {
        Instant from = Instant.now();
        runLog.outage = new RunLog.Phase(from, null);
        applyFaults(f -> f.withOutage(true));
        log.info("outage: every cloud call answered 503 for {} s", settings.outage().toSeconds());
        Thread.sleep(settings.outage().toMillis());
        runLog.outage = new RunLog.Phase(from, Instant.now());
      }
      if (!settings.recovery().isZero()) {
        Instant from = Instant.now();
        runLog.slowCallMs = settings.slowCallMs();
        runLog.refusedOperation = REFUSED_OPERATION;
        runLog.refuseStatus = REFUSE_STATUS;
        runLog.recovery = new RunLog.Phase(from, null);
        applyFaults(f -> f.recovering(settings.slowCallMs(), REFUSED_OPERATION, REFUSE_STATUS, REFUSE_CODE));
        log.info("recovery: every call delayed {} ms, {} refused {} for {} s", settings.slowCallMs(),
            REFUSED_OPERATION, REFUSE_STATUS, settings.recovery().toSeconds());
        recovering.countDown();
        Thread.sleep(settings.recovery().toMillis());
        applyFaults(CloudFaults::recovered);
        runLog.recovery = new RunLog.Phase(from, Instant.now());
      } else {
        applyFaults(f -> f.withOutage(false));
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not set the cloud's faults: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      recovering.countDown();
    }
  }

  /**
   * Changes the faults and sends them to the emulator, retrying for a while: it may be down for a
   * restart right now (the restart sends them again too, under the same lock).
   */
  private synchronized void applyFaults(UnaryOperator<CloudFaults> change)
      throws IOException, InterruptedException {
    faults = change.apply(faults);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        admin.setFaults(faults);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(500);
      }
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
   * How long a watcher follows its creation: the outage and the recovery hold everything up, so
   * they add to the 3 minutes a creation of the run needs at most to reach any step.
   */
  private long watchNanos() {
    return TimeUnit.MINUTES.toNanos(3) + settings.outage().toNanos() + settings.recovery().toNanos();
  }

  /**
   * Watches the creation's progress (query) until it reports the planned step or a later one, then
   * cancels it; not if it has already finished. A slow-cleanup creation is cancelled only once the
   * cloud is slow. A worker that is down answers no query: the watch goes on, for a while, then
   * cancels anyway.
   */
  private void cancel(PlannedCreation c) {
    String step = "unknown (no answer to the progress query)";
    WorkflowStub stub = client.newUntypedWorkflowStub(c.workflowId());
    long deadline = System.nanoTime() + watchNanos();
    try {
      while (System.nanoTime() < deadline) {
        boolean gateOpen = c.kind() != Kind.SLOW_CLEANUP || recovering.getCount() == 0;
        if (runLog.started.containsKey(c.workflowId())) {
          try {
            step = progress(stub).step();
            if (gateOpen && Step.valueOf(step).ordinal() >= c.cancelAt().ordinal()) {
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
   * Waits until the creation's window counts (its progress shows the lock's timing), then sends
   * the extension at the window's end plus the planned offset, and records the answer.
   */
  private void extend(PlannedCreation c) {
    WorkflowStub stub = client.newUntypedWorkflowStub(c.workflowId());
    long deadline = System.nanoTime() + watchNanos();
    Instant windowEnd = null;
    String seen = "unknown (no answer to the progress query)";
    try {
      while (windowEnd == null && System.nanoTime() < deadline) {
        if (runLog.started.containsKey(c.workflowId())) {
          try {
            CreationProgress p = progress(stub);
            seen = p.step();
            if (Step.DONE.name().equals(seen) || Step.CLEANUP.name().equals(seen)) {
              break;
            }
            windowEnd = windowEnd(p);
          } catch (RuntimeException e) {
            // the worker may be down right now: look again
          }
        }
        if (windowEnd == null) {
          Thread.sleep(200);
        }
      }
      if (windowEnd == null) {
        runLog.extensions.put(c.workflowId(), new RunLog.Extension(Instant.now(), null, EXTENSION, false, false,
            "not sent: its window never began counting (last step seen " + seen + ")"));
        return;
      }
      Instant at = windowEnd.plus(c.extendAt());
      long wait = Duration.between(Instant.now(), at).toMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Instant sentAt = Instant.now();
    Duration fromEnd = Duration.between(windowEnd, sentAt);
    try {
      CreationProgress p = stub.update("extendMaintenanceWindow", CreationProgress.class, EXTENSION);
      runLog.extensions.put(c.workflowId(), new RunLog.Extension(sentAt, fromEnd, EXTENSION, true, true,
          "window " + p.maintenanceWindow() + ", " + (p.maintenanceWindowLeftMillis() == null ? "?"
              : Report.human(Duration.ofMillis(p.maintenanceWindowLeftMillis()))) + " left"));
    } catch (WorkflowUpdateException e) {
      Throwable why = e.getCause() == null ? e : e.getCause();
      runLog.extensions.put(c.workflowId(), new RunLog.Extension(sentAt, fromEnd, EXTENSION, true, false,
          "refused: " + (why instanceof ApplicationFailure f ? f.getOriginalMessage() : why.getMessage())));
    } catch (RuntimeException e) {
      runLog.extensions.put(c.workflowId(), new RunLog.Extension(sentAt, fromEnd, EXTENSION, true, false,
          "not delivered: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  /**
   * When the window runs out, from the progress: it counts from the end of the lock (the LOCK_ECS
   * step's timing, in workflow time) for the window the progress shows. Null while it does not count.
   */
  static Instant windowEnd(CreationProgress p) {
    if (p.maintenanceWindow() == null) {
      return null;
    }
    for (StepTiming t : p.timings()) {
      if (Step.LOCK_ECS.name().equals(t.step())) {
        return Instant.ofEpochMilli(t.startedAtMillis() + t.durationMillis())
            .plus(MaintenanceWindow.parseDuration(p.maintenanceWindow()));
      }
    }
    return null;
  }

  private static CreationProgress progress(WorkflowStub stub) {
    return stub.query("progress", CreationProgress.class);
  }

  /**
   * The tenant tries to reboot the server of a started creation (running, or closed but not yet
   * seen closed): refused while it is locked (F3), done otherwise; the audit replay checks which.
   */
  private void meddle(List<PlannedCreation> plan) {
    List<PlannedCreation> running = plan.stream()
        .filter(c -> runLog.started.containsKey(c.workflowId()) && !closed.contains(c.workflowId()))
        .filter(c -> c.kind().locks())
        .toList();
    if (running.isEmpty()) {
      return;
    }
    runLog.reboot(admin.tryReboot(running.get(random.nextInt(running.size())).serverId()));
  }

  /**
   * Waits until every started creation has closed, or the drain timeout has run out. A creation
   * whose workflow task keeps failing is not waited for: it will not move by itself.
   */
  private Set<String> awaitClosed(List<PlannedCreation> plan) throws InterruptedException {
    long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
    Set<String> open = new HashSet<>();
    Set<String> stuck = new HashSet<>();
    int extensions = 0;
    for (PlannedCreation c : plan) {
      if (runLog.started.containsKey(c.workflowId())) {
        open.add(c.workflowId());
      }
    }
    while (true) {
      for (String id : new ArrayList<>(open)) {
        try {
          DescribeWorkflowExecutionResponse d = TemporalView.describe(client, id);
          if (d.getWorkflowExecutionInfo().getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            open.remove(id);
            closed.add(id);
          } else if (d.getPendingWorkflowTask().getAttempt() >= TemporalView.STUCK_WORKFLOW_TASK_ATTEMPTS
              && TemporalView.read(client, id).stuckOnWorkflowTask()) {
            log.warn("{} is stuck on a failing workflow task; not waiting for it", id);
            open.remove(id);
            stuck.add(id);
          }
        } catch (RuntimeException | IOException e) {
          // the server may be busy: look again
        }
      }
      if (!open.isEmpty() && System.nanoTime() > deadline && extensions < MAX_DRAIN_EXTENSIONS
          && cloudStillWorksFor(open)) {
        // A creation waiting for a snapshot or backup the cloud is still taking is not stuck: the
        // load model stretches a large disk's snapshot many times over when hundreds of tasks run
        // (an 8000 GiB one took 25 minutes in the full run). Wait again, a bounded number of times.
        log.info("drain timeout reached with the cloud still taking snapshots or backups of {} open creations; waiting {} s more",
            open.size(), settings.drainTimeout().toSeconds());
        deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        extensions++;
      }
      if (open.isEmpty() || System.nanoTime() > deadline) {
        stuck.addAll(open);
        return stuck;
      }
      Thread.sleep(3_000);
    }
  }

  /** Whether the cloud is still taking a snapshot or backup that one of {@code open} asked for. */
  private boolean cloudStillWorksFor(Set<String> open) {
    try {
      JsonNode state = admin.state();
      for (String id : open) {
        String prefix = TemporalView.read(client, id).keyBase() + "/";
        for (JsonNode task : iterable(state.path("snapshots"), state.path("backups"))) {
          String status = task.path("status").asText();
          if (task.path("idempotency_key").asText().startsWith(prefix)
              && (status.equals("creating") || status.equals("protecting"))) {
            return true;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("could not tell whether the cloud still works for the open creations: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private static List<JsonNode> iterable(JsonNode... arrays) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode a : arrays) {
      a.forEach(all::add);
    }
    return all;
  }

  /** How many times the drain waits again for the cloud's own work: at most 4 drain timeouts in all. */
  static final int MAX_DRAIN_EXTENSIONS = 3;

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
