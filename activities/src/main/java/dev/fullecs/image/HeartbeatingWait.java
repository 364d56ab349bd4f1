package dev.fullecs.image;

import dev.fullecs.contract.StepProgress;

import dev.fullecs.cloud.CloudException;
import java.time.Duration;
import io.temporal.activity.ActivityExecutionContext;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A wait on the activity's own thread, for what still waits that way: the provisioning and
 * replication steps, and the one-piece snapshot and backup of creations started before issue 12
 * (today's creations hand their snapshots and backups to {@code wait.TaskWatcher}, which holds no
 * thread per wait). Long-poll the cloud, heartbeat the progress after each
 * poll that did not end the wait, look at the image every few polls. A heartbeat is a write on the
 * Temporal server: a waiting step costs one per throttle interval, and none once the task is done.
 * The wait adds nothing to the workflow's history, and the step stops at the next heartbeat when it
 * is cancelled or the worker shuts down (the heartbeat throws, and that exception is left to
 * propagate). Every call it makes ends within the worker's call bound, so the gap between two
 * heartbeats stays under the step's heartbeat timeout.
 */
public final class HeartbeatingWait {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatingWait.class);

  private HeartbeatingWait() {}

  /**
   * Waits for a resource that an earlier step created. It heartbeats {@code started} first, before
   * any call (so the starter and the Web UI show the resource at once, F10, and the first heartbeat
   * never waits on the cloud), then long-polls. It needs no state of its own: a retry (after a
   * worker crash) simply starts waiting again.
   *
   * @param started what is known before the first poll: the resource id, its disk, working status
   * @param poll one long-poll of the resource
   * @param finished true when the resource left its working status (available or error)
   * @param imageCheck throws when the image was deleted (F11a)
   */
  public static <T> T until(
      ActivityExecutionContext context,
      WaitOptions options,
      StepProgress started,
      Supplier<T> poll,
      Predicate<T> finished,
      Function<T, StepProgress> progress,
      Runnable imageCheck,
      String what) {
    context.heartbeat(started);
    int polls = 0;
    int errors = 0;
    while (true) {
      T current;
      try {
        current = poll.get();
        errors = 0;
      } catch (CloudException e) {
        if (!e.retryable() || ++errors > options.maxPollErrors()) {
          throw CloudFailures.translate(e, "report the status of " + what);
        }
        log.info("polling {} failed ({} in a row), trying again: {}", what, errors, e.getMessage());
        sleep(options.pollErrorBackoff().multipliedBy(errors).toMillis());
        continue;
      }
      if (finished.test(current)) {
        // No heartbeat for the last poll: the step completes at once, and that reports the end.
        return current;
      }
      context.heartbeat(progress.apply(current));
      if (++polls % Math.max(1, options.imageCheckEvery()) == 0) {
        imageCheck.run();
      }
    }
  }

  /**
   * A poll for a resource that has no long-poll: reads it at once the first time, then sleeps
   * {@code interval} before each further read.
   */
  public static <T> Supplier<T> pacedPoll(Duration interval, Supplier<T> read) {
    boolean[] first = {true};
    return () -> {
      if (!first[0]) {
        sleep(interval.toMillis());
      }
      first[0] = false;
      return read.get();
    };
  }

  /** Sleeps between polls; an interrupt (the activity's thread stopped) ends the wait. */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }
}
