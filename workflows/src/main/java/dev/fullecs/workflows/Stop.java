package dev.fullecs.workflows;

import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.Violation;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;

/**
 * Why a creation stops before it finished, fixed the moment it begins to stop, and what that means:
 * the sentence written on the image, whether the image is deleted (F11, F11a, F12) or marked ERROR
 * (F14), and the failure the workflow ends with.
 */
record Stop(String reason, boolean deletesImage, RuntimeException failure) {

  /** F11: a cancel (starter, {@code temporal workflow cancel}, the Web UI). Ends CANCELED. */
  static Stop cancelled() {
    return new Stop("creation cancelled", true, new CanceledFailure("creation cancelled"));
  }

  /** F12: the maintenance window ran out first. */
  static Stop windowExceeded(String window) {
    String msg = "maintenance window of " + window + " exceeded";
    return new Stop(
        msg,
        true,
        ApplicationFailure.newNonRetryableFailure(
            msg, FailureType.MAINTENANCE_WINDOW_EXCEEDED.name()));
  }

  /** The run is a reset of a creation: it stops before it calls the cloud again. */
  static Stop resetRefused() {
    String msg =
        "a creation cannot be reset: its cloud calls would replay their earlier answers; submit"
            + " the request again with its request id (a fresh attempt after a failure or a"
            + " cancel) or with a new request id";
    return new Stop(
        "creation was reset", false,
        ApplicationFailure.newNonRetryableFailure(msg, FailureType.RESET_REFUSED.name()));
  }

  /** The work failed: F11a when the image was deleted directly, else F14. */
  static Stop failed(Throwable failure) {
    if (failure instanceof ActivityFailure af && isType(af, FailureType.IMAGE_DELETED)) {
      String msg = "image deleted during creation";
      return new Stop(
          msg,
          true,
          ApplicationFailure.newNonRetryableFailureWithCause(
              msg, FailureType.IMAGE_DELETED.name(), af));
    }
    RuntimeException toThrow =
        failure instanceof ActivityFailure af
            ? asWorkflowFailure(af)
            : failure instanceof RuntimeException re ? re : new RuntimeException(failure);
    String reason =
        toThrow instanceof ApplicationFailure app
            ? app.getOriginalMessage()
            : String.valueOf(failure.getMessage());
    return new Stop(reason, false, toThrow);
  }

  /** A step whose transient errors outlasted its retry budget: CLOUD_UNAVAILABLE, with the last. */
  private static RuntimeException outOfBudget(ActivityFailure e) {
    Throwable last = e.getCause();
    if (last instanceof TimeoutFailure timeout && timeout.getCause() != null) {
      last = timeout.getCause();
    }
    String lastError =
        last instanceof ApplicationFailure app ? app.getOriginalMessage()
            : last == null ? e.getMessage() : last.getMessage();
    return ApplicationFailure.newNonRetryableFailureWithCause(
        "the cloud kept failing " + e.getActivityType() + " for its whole retry budget; last error: "
            + lastError,
        FailureType.CLOUD_UNAVAILABLE.name(), e);
  }

  /** The same stop, marking the image ERROR instead of deleting it. */
  Stop keepingTheImage() {
    return new Stop(reason, false, failure);
  }

  static boolean isType(ActivityFailure e, FailureType type) {
    return e.getCause() instanceof ApplicationFailure app && type.name().equals(app.getType());
  }

  /**
   * Re-raises an activity's failure as the workflow's own, keeping its type, message and details
   * (the violations of a failed validation), so that clients read them directly. A step whose
   * transient errors outlasted its budget ends CLOUD_UNAVAILABLE with the last error.
   */
  static RuntimeException asWorkflowFailure(ActivityFailure e) {
    if (e.getCause() instanceof CanceledFailure) {
      return new CanceledFailure("creation cancelled");
    }
    if (e.getRetryState() == RetryState.RETRY_STATE_TIMEOUT
        || e.getRetryState() == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED) {
      return outOfBudget(e);
    }
    if (e.getCause() instanceof ApplicationFailure app) {
      if (FailureType.VALIDATION_FAILED.name().equals(app.getType())) {
        Violation[] violations = app.getDetails().getSize() == 0 ? new Violation[0]
            : app.getDetails().get(0, Violation[].class);
        return ApplicationFailure.newNonRetryableFailureWithCause(
            app.getOriginalMessage(), app.getType(), e, (Object) violations);
      }
      return ApplicationFailure.newNonRetryableFailureWithCause(
          app.getOriginalMessage(), app.getType() == null ? FailureType.CLOUD_REJECTED.name()
              : app.getType(), e);
    }
    return ApplicationFailure.newNonRetryableFailureWithCause(
        e.getCause() == null ? e.getMessage() : e.getCause().getMessage(),
        FailureType.CLOUD_REJECTED.name(), e);
  }
}
