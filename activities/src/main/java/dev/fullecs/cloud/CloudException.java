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

  /**
   * The cloud's own sentence ({@code error_msg}) without the call that failed, for messages a
   * user reads: "a full-ECS image cannot be replicated within its region" rather than
   * "POST /v1/... failed with 409 CODE: a full-ECS image ...". The whole message when there is
   * no such sentence.
   */
  public String reason() {
    String message = getMessage();
    String marker = errorCode == null ? null : " " + errorCode + ": ";
    int at = marker == null || message == null ? -1 : message.indexOf(marker);
    return at < 0 ? message : message.substring(at + marker.length());
  }
}
