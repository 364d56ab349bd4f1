package dev.fullecs.wait;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.cloud.TaskWait;
import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.StepProgress;
import dev.fullecs.image.CloudFailures;
import dev.fullecs.wait.ActivityReplies.Heard;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the cloud's snapshots and backups on behalf of activities that returned without
 * completing: one per worker process, holding no thread and no activity slot per wait.
 *
 * <p>An activity hands its task over ({@link #watch}) and returns; the watcher long-polls the cloud
 * for every task of a tenant at once ({@link ImageCloud#waitForTasks}: one long-poll on the
 * emulator, per-task reads on Huawei, which has no call over many tasks), heartbeats each activity
 * with its task's progress at a pace that keeps the Temporal server's writes low (an interval that
 * grows with the number watched, up to a third of the heartbeat timeout), and completes or fails
 * the activity when its task ends, vanishes, or its image is deleted (F11a). It changes nothing in
 * the cloud.
 *
 * <p>What it holds lives only in this process. When the process dies ({@code kill -9}) the
 * activities stop heartbeating, their heartbeat timeout fires, and their next attempts hand the
 * tasks over again to whichever worker runs them. When the worker stops gracefully ({@code
 * stopping}), it hands them back at once with a retryable failure. A cancelled activity (the waits
 * are {@code TRY_CANCEL}: a cancel never waits for them) hears of it at its next heartbeat, and the
 * watcher reports it cancelled.
 */
public final class TaskWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskWatcher.class);
  /** The failure type of a wait handed back: retryable, so its next attempt waits on. */
  public static final String HANDED_BACK = "WAIT_HANDED_BACK";
  private static final long RETRY_ANSWER_NANOS = Duration.ofSeconds(2).toNanos();
  private static final long RETRY_HEARTBEAT_NANOS = Duration.ofSeconds(2).toNanos();
  private static final long MAX_POLL_BACKOFF_NANOS = Duration.ofSeconds(30).toNanos();

  private final ImageCloud cloud;
  private final ActivityReplies replies;
  private final WatcherOptions options;
  private final BooleanSupplier stopping;
  private final LongSupplier clock;
  private final Runner polls;
  private final Runner answers;
  private final Runner beats;
  private final ScheduledExecutorService ticker;
  /** The threads this watcher started itself (none in a test that drives it by hand). */
  private final List<ExecutorService> pools = new ArrayList<>();

  /** Every activity held, by task token. Guarded by {@code this}, as are the fields of each Watch. */
  private final Map<ByteBuffer, Watch> watches = new LinkedHashMap<>();
  private final Map<String, TenantPolls> tenants = new HashMap<>();
  private int pollsInFlight;
  private boolean closed;

  /** Runs a job somewhere: a pool of threads in a worker, the caller's thread in a test. */
  interface Runner {
    void run(Runnable job);
  }

  TaskWatcher(ImageCloud cloud, ActivityReplies replies, WatcherOptions options, BooleanSupplier stopping,
      LongSupplier clock, Runner polls, Runner answers, Runner beats, ScheduledExecutorService ticker) {
    this.cloud = cloud;
    this.replies = replies;
    this.options = options;
    this.stopping = stopping;
    this.clock = clock;
    this.polls = polls;
    this.answers = answers;
    this.beats = beats;
    this.ticker = ticker;
  }

  /**
   * A watcher with its own threads (a few, whatever it holds), looking at what is due every {@link
   * WatcherOptions#tick}. It hands everything back and stops once {@code stopping} says so (the
   * worker factory shut down).
   */
  public static TaskWatcher start(
      ImageCloud cloud, ActivityReplies replies, WatcherOptions options, BooleanSupplier stopping) {
    ExecutorService pollPool = pool("fullecs-waits-poll", options.pollThreads());
    ExecutorService answerPool = pool("fullecs-waits-answer", options.answerThreads());
    ExecutorService beatPool = pool("fullecs-waits-heartbeat", options.heartbeatThreads());
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(daemon("fullecs-waits-tick", new AtomicInteger()));
    TaskWatcher watcher =
        new TaskWatcher(cloud, replies, options, stopping, System::nanoTime, pollPool::execute,
            answerPool::execute, beatPool::execute, ticker);
    watcher.shutdownWith(pollPool, answerPool, beatPool);
    long tick = options.tick().toMillis();
    ticker.scheduleWithFixedDelay(watcher::safeTick, tick, tick, TimeUnit.MILLISECONDS);
    return watcher;
  }

  private void shutdownWith(ExecutorService... owned) {
    pools.addAll(List.of(owned));
  }

  /**
   * Takes over the wait for {@code task} from the activity running in {@code context}: the
   * activity then returns without completing ({@code doNotCompleteOnReturn}), and this watcher
   * completes it. {@code now} is the task as last read (its id and percent, shown until the first
   * poll). Fails the activity retryably when the watcher no longer takes waits (the worker stops).
   */
  public void watch(ActivityExecutionContext context, CloudTask task, StepProgress now) {
    ActivityInfo info = context.getInfo();
    add(context.getTaskToken(), info.getWorkflowId(), info.getActivityType(), task, now);
    context.doNotCompleteOnReturn();
  }

  /** As {@link #watch}, without an activity context (the watcher's own tests). */
  void add(byte[] taskToken, String workflowId, String activityType, CloudTask task, StepProgress now) {
    long at = clock.getAsLong();
    synchronized (this) {
      if (closed) {
        throw handedBack("the worker is stopping; the next attempt waits on");
      }
      Watch w = new Watch(taskToken.clone(), workflowId, activityType, task, at);
      w.progress = now == null ? task.progress(0, task.runningStatus()) : now;
      w.nextBeatAt = at + jittered(options.firstHeartbeatAfter(watches.size() + 1));
      Watch earlier = watches.put(w.key, w);
      if (earlier != null) {
        earlier.removed = true;
      }
    }
  }

  /** Activities held now. */
  public synchronized int size() {
    return watches.size();
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.error("the task watcher's tick failed; it goes on", e);
    }
  }

  /** Starts the polls and heartbeats that are due, and answers that wait for another try. */
  void tick() {
    if (stopping.getAsBoolean()) {
      handBackAll();
      return;
    }
    long now = clock.getAsLong();
    List<Runnable> toPoll = new ArrayList<>();
    List<Runnable> toAnswer = new ArrayList<>();
    List<Runnable> toBeat = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      Map<String, List<Watch>> uncovered = new LinkedHashMap<>();
      long interval = options.heartbeatInterval(watches.size()).toNanos();
      for (Watch w : watches.values()) {
        if (w.ending) {
          if (w.pending != null && !w.answering && w.answerAt <= now) {
            w.answering = true;
            toAnswer.add(() -> send(w));
          }
          continue;
        }
        if (!w.covered) {
          uncovered.computeIfAbsent(w.task.tenant(), t -> new ArrayList<>()).add(w);
        }
        if (!w.beating && w.nextBeatAt <= now) {
          w.beating = true;
          StepProgress details = w.progress;
          toBeat.add(() -> beat(w, details, interval));
        }
      }
      for (Map.Entry<String, List<Watch>> e : uncovered.entrySet()) {
        TenantPolls tp = tenants.computeIfAbsent(e.getKey(), t -> new TenantPolls());
        if (now < tp.notBefore) {
          continue;
        }
        List<Watch> left = e.getValue();
        int ids = 0;
        while (!left.isEmpty() && tp.inFlight < options.pollsPerTenant() && pollsInFlight < options.pollThreads()) {
          List<Watch> chunk = chunk(left);
          left = left.subList(chunk.size(), left.size());
          chunk.forEach(w -> w.covered = true);
          ids += chunk.size();
          tp.inFlight++;
          pollsInFlight++;
          String tenant = e.getKey();
          toPoll.add(() -> poll(tenant, chunk));
        }
        if (ids > 0) {
          tp.notBefore = now + options.pollPause(ids).toNanos();
        }
      }
    }
    toAnswer.forEach(answers::run);
    toBeat.forEach(beats::run);
    toPoll.forEach(polls::run);
  }

  /** The first watches of {@code left} whose tasks and images fit in one poll. */
  private List<Watch> chunk(List<Watch> left) {
    Set<String> images = new LinkedHashSet<>();
    int n = 0;
    for (Watch w : left) {
      int more = 1 + (w.task.imageId() != null && !images.contains(w.task.imageId()) ? 1 : 0);
      if (n > 0 && n + images.size() + more > options.idsPerPoll()) {
        break;
      }
      n++;
      if (w.task.imageId() != null) {
        images.add(w.task.imageId());
      }
    }
    return new ArrayList<>(left.subList(0, Math.max(1, n)));
  }

  /** One long-poll for {@code chunk} of {@code tenant}'s tasks, and what follows from it. */
  private void poll(String tenant, List<Watch> chunk) {
    Set<String> snapshots = new LinkedHashSet<>();
    Set<String> backups = new LinkedHashSet<>();
    Set<String> images = new LinkedHashSet<>();
    for (Watch w : chunk) {
      (w.task.kind() == CloudTask.Kind.SNAPSHOT ? snapshots : backups).add(w.task.id());
      if (w.task.imageId() != null) {
        images.add(w.task.imageId());
      }
    }
    TaskWait found = null;
    CloudException refused = null;
    try {
      found = cloud.waitForTasks(tenant, snapshots, backups, images, options.pollWait());
    } catch (CloudException e) {
      if (e.retryable()) {
        log.info("waiting for {} tasks of tenant {} failed, trying again: {}", chunk.size(), tenant, e.getMessage());
      } else {
        refused = e;
      }
    } catch (RuntimeException e) {
      log.warn("waiting for {} tasks of tenant {} failed, trying again", chunk.size(), tenant, e);
    }
    settle(tenant, chunk, found, refused);
  }

  /** What a poll found: progress, ends, and the next poll of what is still running. */
  private void settle(String tenant, List<Watch> chunk, TaskWait found, CloudException refused) {
    List<Watch> ended = new ArrayList<>();
    long now = clock.getAsLong();
    synchronized (this) {
      pollsInFlight--;
      TenantPolls tp = tenants.get(tenant);
      tp.inFlight--;
      if (found == null && refused == null) {
        tp.errors++;
        long backoff = Math.min(MAX_POLL_BACKOFF_NANOS, Duration.ofSeconds(1).toNanos() << Math.min(tp.errors - 1, 5));
        tp.notBefore = Math.max(tp.notBefore, now + backoff);
      } else {
        tp.errors = 0;
      }
      Map<String, List<Watch>> byTask = new HashMap<>();
      for (Watch w : chunk) {
        w.covered = false;
        if (!w.removed && !w.ending) {
          byTask.computeIfAbsent(w.task.id(), id -> new ArrayList<>()).add(w);
        }
      }
      if (refused != null) {
        RuntimeException failure = CloudFailures.translate(refused, "report the status of its tasks");
        byTask.values().forEach(ws -> ws.forEach(w -> end(w, Outcome.failure(failure), ended)));
      } else if (found != null) {
        for (TaskWait.Running r : found.running()) {
          for (Watch w : byTask.getOrDefault(r.id(), List.of())) {
            w.progress = w.task.progress(r.progress(), r.status());
          }
        }
        for (Snapshot s : found.snapshots()) {
          byTask.getOrDefault(s.id(), List.of()).forEach(w -> end(w, Outcome.of(w, s), ended));
        }
        for (Backup b : found.backups()) {
          byTask.getOrDefault(b.id(), List.of()).forEach(w -> end(w, Outcome.of(w, b), ended));
        }
        for (String id : found.notFound()) {
          byTask.getOrDefault(id, List.of()).forEach(w -> end(w, Outcome.failure(
              ApplicationFailure.newNonRetryableFailure(
                  "the cloud refused to report the status of " + w.task + ": it does not know it",
                  FailureType.CLOUD_REJECTED.name())), ended));
        }
        if (!found.deletedImages().isEmpty()) {
          Set<String> deleted = Set.copyOf(found.deletedImages());
          byTask.values().forEach(ws -> ws.stream()
              .filter(w -> !w.ending && deleted.contains(w.task.imageId()))
              .forEach(w -> end(w, Outcome.failure(CloudFailures.imageDeleted()), ended)));
        }
      }
    }
    for (Watch w : ended) {
      answers.run(() -> send(w));
    }
    // What is still running is polled again as soon as its tenant's pace allows, not at the next tick.
    if (ticker != null && !ticker.isShutdown()) {
      try {
        ticker.execute(this::safeTick);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // stopping
      }
    }
  }

  /** Marks {@code w} as ending with {@code outcome}; the caller sends it. Holds the lock. */
  private void end(Watch w, Outcome outcome, List<Watch> ended) {
    if (w.ending || w.removed) {
      return;
    }
    w.ending = true;
    w.pending = outcome;
    w.answering = true;
    ended.add(w);
  }

  /** Sends the outcome of {@code w}; tries again later when the server could not be reached. */
  private void send(Watch w) {
    Outcome o = w.pending;
    Heard heard;
    try {
      heard = o.failure() == null ? replies.complete(w.token, o.result()) : replies.fail(w.token, o.failure());
    } catch (RuntimeException e) {
      log.warn("could not answer {} of workflow {} ({}), trying again: {}", w.activityType, w.workflowId, w.task,
          e.getMessage());
      synchronized (this) {
        w.answering = false;
        w.answerAt = clock.getAsLong() + RETRY_ANSWER_NANOS;
      }
      return;
    }
    long seconds = Duration.ofNanos(clock.getAsLong() - w.since).toSeconds();
    if (heard == Heard.GONE) {
      log.info("{} of workflow {} was gone when its {} ended ({} s)", w.activityType, w.workflowId, w.task, seconds);
    } else if (o.failure() == null) {
      log.info("{} completed by the task watcher: workflow {}, {} ended after {} s", w.activityType, w.workflowId,
          w.task, seconds);
    } else {
      log.info("{} failed by the task watcher: workflow {}, {}: {}", w.activityType, w.workflowId, w.task,
          o.failure().getMessage());
    }
    remove(w);
  }

  /** Heartbeats {@code w} with {@code details}; a cancel, a reset or a vanished attempt ends the watch. */
  private void beat(Watch w, StepProgress details, long interval) {
    Heard heard;
    try {
      heard = replies.heartbeat(w.token, details);
    } catch (RuntimeException e) {
      log.debug("heartbeat of {} of workflow {} failed, trying again: {}", w.activityType, w.workflowId, e.getMessage());
      synchronized (this) {
        w.beating = false;
        w.nextBeatAt = clock.getAsLong() + RETRY_HEARTBEAT_NANOS;
      }
      return;
    }
    synchronized (this) {
      w.beating = false;
      if (heard == Heard.OK || w.ending || w.removed) {
        w.nextBeatAt = clock.getAsLong() + jittered(Duration.ofNanos(interval));
        return;
      }
      // Cancelled, reset or gone: this watch ends here, whatever its task does.
      w.ending = true;
      w.answering = true;
    }
    try {
      switch (heard) {
        case CANCEL_REQUESTED -> {
          replies.cancelled(w.token);
          log.info("{} cancelled: workflow {}, {} no longer waited for", w.activityType, w.workflowId, w.task);
        }
        case HAND_BACK -> replies.fail(w.token, handedBack("the activity was reset or paused"));
        default -> log.info("{} of workflow {} is gone; {} no longer waited for", w.activityType, w.workflowId, w.task);
      }
    } catch (RuntimeException e) {
      // Its heartbeat timeout settles it: the next attempt, if any, hands the task over again.
      log.info("could not report {} of workflow {} {}: {}", w.activityType, w.workflowId,
          heard == Heard.CANCEL_REQUESTED ? "cancelled" : "handed back", e.getMessage());
    }
    remove(w);
  }

  private synchronized void remove(Watch w) {
    w.removed = true;
    watches.remove(w.key, w);
  }

  /** The worker stops: every activity held fails retryably, so that its next attempt runs elsewhere. */
  private void handBackAll() {
    List<Watch> held;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      held = new ArrayList<>();
      for (Watch w : watches.values()) {
        if (!w.ending) {
          w.ending = true;
          held.add(w);
        }
      }
    }
    if (!held.isEmpty()) {
      log.info("the worker stops: handing {} waits back to Temporal", held.size());
    }
    ApplicationFailure back = handedBack("the worker stopped while it waited; the next attempt waits on");
    for (Watch w : held) {
      answers.run(() -> {
        try {
          replies.fail(w.token, back);
        } catch (RuntimeException e) {
          // its heartbeat timeout settles it
        }
        remove(w);
      });
    }
    if (ticker != null) {
      ticker.shutdown();
    }
    for (ExecutorService pool : pools) {
      pool.shutdown();
    }
  }

  /** Stops every thread without answering anything (tests; a worker stops through {@code stopping}). */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    if (ticker != null) {
      ticker.shutdownNow();
    }
    for (ExecutorService pool : pools) {
      pool.shutdownNow();
    }
  }

  private static ApplicationFailure handedBack(String why) {
    return ApplicationFailure.newFailure(why, HANDED_BACK);
  }

  /** {@code d} less up to a tenth, so that the activities handed over together do not beat together. */
  private static long jittered(Duration d) {
    long nanos = d.toNanos();
    return nanos - ThreadLocalRandom.current().nextLong(Math.max(1, nanos / 10));
  }

  private static ExecutorService pool(String name, int threads) {
    return Executors.newFixedThreadPool(threads, daemon(name, new AtomicInteger()));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name, AtomicInteger n) {
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A tenant's polls: how many are in flight, when the next may start, failures in a row. */
  private static final class TenantPolls {
    int inFlight;
    long notBefore;
    int errors;
  }

  /** The activity's answer: a result, or a failure. */
  private record Outcome(Object result, Exception failure) {
    static Outcome failure(Exception e) {
      return new Outcome(null, e);
    }

    /** What {@code w}'s activity answers for its task as it ended. */
    static Outcome of(Watch w, Object ended) {
      try {
        return new Outcome(w.task.answer(ended), null);
      } catch (ApplicationFailure f) {
        return failure(f);
      } catch (RuntimeException e) {
        return failure(ApplicationFailure.newFailureWithCause(
            "could not read how " + w.task + " ended: " + e.getMessage(), HANDED_BACK, e));
      }
    }
  }

  /** One activity held. Its mutable fields are guarded by the watcher. */
  private static final class Watch {
    final byte[] token;
    final ByteBuffer key;
    final String workflowId;
    final String activityType;
    final CloudTask task;
    final long since;
    StepProgress progress;
    long nextBeatAt;
    /** In a poll in flight. */
    boolean covered;
    /** A heartbeat in flight. */
    boolean beating;
    /** Its answer is known (or it was cancelled, reset, handed back): no more polls or heartbeats. */
    boolean ending;
    Outcome pending;
    /** Its answer is being sent. */
    boolean answering;
    long answerAt;
    /** No longer held. */
    boolean removed;

    Watch(byte[] token, String workflowId, String activityType, CloudTask task, long since) {
      this.token = token;
      this.key = ByteBuffer.wrap(token);
      this.workflowId = workflowId;
      this.activityType = activityType;
      this.task = task;
      this.since = since;
    }
  }
}
