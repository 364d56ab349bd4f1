package dev.fullecs.image;

import dev.fullecs.contract.FailureType;

import dev.fullecs.cloud.CloudConflictException;
import dev.fullecs.cloud.CloudException;
import io.temporal.failure.ApplicationFailure;

/**
 * How a cloud error leaves an activity. Retryable errors go out as they are, so Temporal retries
 * them under the step's retry policy (the idempotency key makes the retry safe, F13). Refusals that
 * retrying cannot fix become non-retryable failures with a {@link FailureType}.
 */
public final class CloudFailures {
  public static final String IMAGE_DELETED_MESSAGE = "image deleted during creation";

  private CloudFailures() {}

  /**
   * @param doing what the activity was doing, as a verb phrase: {@code "create the snapshot of disk
   *     d-1"}
   */
  public static RuntimeException translate(CloudException e, String doing) {
    if (e.retryable()) {
      return e;
    }
    if (e instanceof CloudConflictException && "IMAGE_DELETED".equals(e.errorCode())) {
      return imageDeleted();
    }
    return ApplicationFailure.newNonRetryableFailure(
        "the cloud refused to " + doing + ": " + e.getMessage(), FailureType.CLOUD_REJECTED.name());
  }

  /**
   * F14: unlock and cleanup retry until they succeed, so a refusal that would end any other step
   * (a revoked credential, a 4xx) is retried here too, under the cleanup's retry policy, until an
   * operator fixes its cause. The server is never left locked silently.
   */
  public static <T> T untilDone(java.util.function.Supplier<T> cleanup) {
    try {
      return cleanup.get();
    } catch (ApplicationFailure f) {
      if (!f.isNonRetryable()) {
        throw f;
      }
      throw ApplicationFailure.newFailureWithCause(
          f.getOriginalMessage() + " (cleanup retries until it succeeds)", f.getType(), f);
    }
  }

  /** F11a: the image was deleted through the image API while it was being created. */
  public static ApplicationFailure imageDeleted() {
    return ApplicationFailure.newNonRetryableFailure(
        IMAGE_DELETED_MESSAGE, FailureType.IMAGE_DELETED.name());
  }
}
