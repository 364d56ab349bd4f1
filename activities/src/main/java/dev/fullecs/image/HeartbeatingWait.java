package dev.fullecs.image;

import dev.fullecs.contract.StepProgress;

import dev.fullecs.cloud.CloudException;
import io.temporal.activity.ActivityExecutionContext;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait inside a snapshot or backup step: long-poll the cloud, heartbeat the progress after each
 * poll that did not end the wait, look at the image every few polls. A heartbeat is a write on the
 * Temporal server: a waiting step costs one per poll interval, and none once the task is done. So the wait adds nothing to the workflow's history, and
 * the step stops at the next heartbeat when it is cancelled or the worker shuts down (the heartbeat
 * throws, and that exception is left to propagate).
 */
public final class HeartbeatingWait {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatingWait.class);

  private HeartbeatingWait() {}

  /**
   * @param first the resource as created
   * @param poll one long-poll, from the last seen state to the next
   * @param finished true when the resource left its working status (available or error)
   * @param imageCheck throws when the image was deleted (F11a)
   */
  public static <T> T until(
      ActivityExecutionContext context,
      WaitOptions options,
      T first,
      UnaryOperator<T> poll,
      Predicate<T> finished,
      Function<T, StepProgress> progress,
      Runnable imageCheck,
      String what) {
    T current = first;
    if (finished.test(current)) {
      // Already done when created (an idempotent retry of a finished task, a fast cloud): a
      // heartbeat now would cost the server a write and change nothing.
      return current;
    }
    context.heartbeat(progress.apply(current));
    int polls = 0;
    int errors = 0;
    while (!finished.test(current)) {
      try {
        current = poll.apply(current);
        errors = 0;
      } catch (CloudException e) {
        if (!e.retryable() || ++errors > options.maxPollErrors()) {
          throw CloudFailures.translate(e, "report the status of " + what);
        }
        log.info("polling {} failed ({} in a row), trying again: {}", what, errors, e.getMessage());
        sleep(options.pollErrorBackoff().multipliedBy(errors).toMillis());
      }
      if (!finished.test(current)) {
        // Not after the last poll: the step completes at once, and that reports the end.
        context.heartbeat(progress.apply(current));
      }
      if (++polls % Math.max(1, options.imageCheckEvery()) == 0) {
        imageCheck.run();
      }
    }
    return current;
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
