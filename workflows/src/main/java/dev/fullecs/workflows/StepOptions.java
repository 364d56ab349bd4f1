package dev.fullecs.workflows;

import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.MaintenanceWindow;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;

/**
 * Timeouts, retry budgets and cancellation of each kind of step of a creation (F11-F14), in one
 * place. The numbers fit the worker's cloud client, whose every call ends within 26 s and every
 * long-poll within 16 s ({@code HttpCloudClient.Timeouts.worker()}; the worker's tests check it):
 * so no attempt outlives its step, and a waiting step heartbeats well within its timeout.
 */
public final class StepOptions {
  /**
   * A short step: a few calls of at most 26 s each. Also how soon an attempt lost with a killed
   * worker is tried again.
   */
  public static final Duration CALL_START_TO_CLOSE = Duration.ofMinutes(2);

  /**
   * Validation reads a dozen things (a minute on a cloud slowed to 4 s a call). It does not
   * heartbeat: this timeout is also how soon an attempt lost with a killed worker is tried again,
   * so it stays short (the chaos run found 10 minutes too long).
   */
  public static final Duration VALIDATE_START_TO_CLOSE = Duration.ofMinutes(2);

  /**
   * How soon a worker that died during a wait or a cleanup is noticed: longer than the longest gap
   * between two heartbeats (a long-poll, then a look at the image: 16 s + 26 s).
   */
  public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The retry budget of a step before the window counts (validation, lock), and of every short step
   * of a creation without a maintenance window: a day of outage, then the creation fails (F14).
   */
  public static final Duration SHORT_BUDGET = Duration.ofHours(24);

  /**
   * The budget of a wait for a snapshot or the backup, and of every step of a creation with a
   * maintenance window, whose own timer then stops it sooner: the longest a window can be.
   */
  public static final Duration LONG_BUDGET = MaintenanceWindow.MAX;

  /** The cleanup makes a call per disk and a few more; on a slow cloud that is minutes. */
  public static final Duration CLEANUP_START_TO_CLOSE = Duration.ofHours(1);

  private StepOptions() {}

  /** F2: validation, before anything changes. */
  static ActivityOptions validate() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(VALIDATE_START_TO_CLOSE)
        .setScheduleToCloseTimeout(SHORT_BUDGET)
        .setRetryOptions(RetryPolicies.UNTIL_BUDGET)
        .setSummary("validate the request against every rule (F2)")
        .build();
  }

  /** F3: the lock, before the window counts; a cancel waits for it (F11). */
  static ActivityOptions lock() {
    return call(SHORT_BUDGET);
  }

  /**
   * A short step that changes the cloud (image record and status, the start of a snapshot or of
   * the backup); a cancel waits for it, so nothing is created after the cleanup (F11).
   */
  static ActivityOptions change(boolean hasWindow) {
    return call(hasWindow ? LONG_BUDGET : SHORT_BUDGET);
  }

  private static ActivityOptions call(Duration budget) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(CALL_START_TO_CLOSE)
        .setScheduleToCloseTimeout(budget)
        .setRetryOptions(RetryPolicies.UNTIL_BUDGET)
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .build();
  }

  /**
   * A wait for a snapshot or the backup, heartbeating; it changes nothing, so a cancel does not wait
   * for it (F11: a backup already started is not waited for). On the creation's own task queue: a
   * wait holds its slot and a thread only for one read of the cloud, then the worker's watcher
   * holds it with neither, so hours-long waits no longer delay short steps, cleanups or unlocks.
   * Until issue 15 the waits had a task queue of their own ({@link ImageWorkflows#WAITS_TASK_QUEUE},
   * still served for the waits scheduled there), which cost the server about 11 more writes per
   * creation (docs/PERFORMANCE.md, the benchmark's phase {@code overheads}). The task queue is not
   * part of what replay compares, and every worker serves both queues: no version marker needed.
   */
  static ActivityOptions await(String summary) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(LONG_BUDGET)
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .setScheduleToCloseTimeout(LONG_BUDGET)
        .setRetryOptions(RetryPolicies.UNTIL_BUDGET)
        .setCancellationType(ActivityCancellationType.TRY_CANCEL)
        .setSummary(summary)
        .build();
  }

  /**
   * The one-piece snapshot or backup (create and wait) of creations started before the two-step
   * change: a cancel waits for it, as it did then.
   */
  static ActivityOptions legacyLongTask(String summary) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(LONG_BUDGET)
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .setScheduleToCloseTimeout(LONG_BUDGET)
        .setRetryOptions(RetryPolicies.UNTIL_BUDGET)
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setSummary(summary)
        .build();
  }

  /** F14: the image's cleanup heartbeats after each call and retries until it succeeds. */
  static ActivityOptions cleanup() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(CLEANUP_START_TO_CLOSE)
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .setRetryOptions(RetryPolicies.UNTIL_DONE)
        .build();
  }

  /** F8, F14: the unlock retries until it succeeds. */
  static ActivityOptions unlock() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(CALL_START_TO_CLOSE)
        .setRetryOptions(RetryPolicies.UNTIL_DONE)
        .build();
  }
}
