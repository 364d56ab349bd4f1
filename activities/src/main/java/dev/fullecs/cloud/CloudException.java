package dev.fullecs.cloud;

/**
 * A call to the cloud failed. {@link #retryable()} says whether trying the same call again (with
 * the same idempotency key) can help: throttling, server errors, timeouts and lost responses can;
 * a refusal (not found, conflict, forbidden, invalid) cannot. Messages never contain a credential.
 */
public class CloudException extends RuntimeException {
  private final int httpStatus;
  private final String errorCode;
  private final boolean retryable;

  public CloudException(
      String message, int httpStatus, String errorCode, boolean retryable, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.retryable = retryable;
  }

  /** The HTTP status the cloud answered with; 0 when no answer arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The cloud's stable {@code error_code}, or null when it gave none. */
  public String errorCode() {
    return errorCode;
  }

  public boolean retryable() {
    return retryable;
  }
}
