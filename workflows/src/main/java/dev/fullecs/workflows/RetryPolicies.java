package dev.fullecs.workflows;

import dev.fullecs.contract.FailureType;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** The two retry policies the workflows use, in one place. */
public final class RetryPolicies {

  /** Transient cloud errors: retried with backoff, a bounded number of times (F13, F14). */
  public static final RetryOptions CLOUD_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(10)
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
