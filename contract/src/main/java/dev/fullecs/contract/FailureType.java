package dev.fullecs.contract;

/**
 * The failure types the orchestrator reports ({@code ApplicationFailure.getType()}). Every one is
 * non-retryable: retrying cannot fix it. Transient cloud errors are not here; they are retried.
 */
public enum FailureType {
  /** F2: the request or the server breaks one or more rules; details hold every violation. */
  VALIDATION_FAILED,
  /** F12: the maintenance window ran out before the creation finished. */
  MAINTENANCE_WINDOW_EXCEEDED,
  /** F11a: the image was deleted through the image API while it was being created. */
  IMAGE_DELETED,
  /** F14: a snapshot ended in status {@code error}. */
  SNAPSHOT_FAILED,
  /** F14: the CBR backup ended in status {@code error}. */
  BACKUP_FAILED,
  /** F14: the cloud refused a call for a reason retrying cannot fix (4xx other than 429). */
  CLOUD_REJECTED,
  /**
   * F13, F14: a step's transient errors (throttling, 5xx, timeouts) lasted longer than its retry
   * budget (a day for a short step without a maintenance window).
   */
  CLOUD_UNAVAILABLE,
  /**
   * A creation cannot be reset ({@code temporal workflow reset}): its cloud calls would replay their
   * earlier answers. The reset run stops at once, like a failure; submit the request again instead.
   */
  RESET_REFUSED;

  /** The failure types as strings, for {@code RetryOptions.setDoNotRetry}. */
  public static String[] names() {
    FailureType[] v = values();
    String[] names = new String[v.length];
    for (int i = 0; i < v.length; i++) {
      names[i] = v[i].name();
    }
    return names;
  }
}
