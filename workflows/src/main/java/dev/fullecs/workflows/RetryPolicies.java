package dev.fullecs.workflows;

import dev.fullecs.contract.FailureType;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** The retry policies the workflows use, in one place. */
public final class RetryPolicies {

  /**
   * Transient cloud errors of the provisioning and replication workflows: retried with backoff, a
   * bounded number of times (F13, F14); those steps last minutes.
   */
  public static final RetryOptions CLOUD_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(10)
          .setDoNotRetry(FailureType.names())
          .build();

  /**
   * Transient cloud errors of a creation's steps (F13): retried with backoff for as long as the
   * step's budget lasts, which is its schedule-to-close timeout or, sooner, the maintenance window
   * that cancels it. Not a number of attempts: a worker restart or a minute of outage must not use
   * up a step that has waited hours. What retrying cannot fix is never retried.
   */
  public static final RetryOptions UNTIL_BUDGET =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(1))
          .setMaximumAttempts(0)
          .setDoNotRetry(FailureType.names())
          .build();

  /** Unlock and cleanup retry until they succeed: an outage delays them, never skips them (F14). */
  public static final RetryOptions UNTIL_DONE =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(1))
          .setMaximumAttempts(0)
          .build();

  private RetryPolicies() {}
}
