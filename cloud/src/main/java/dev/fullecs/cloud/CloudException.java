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

  /**
   * The exception for an HTTP status the cloud answered (both implementations map a refusal the
   * same way): 400/422 invalid, 401/403 forbidden, 404 not found, 409 conflict, 429 throttled, 5xx
   * unavailable (retryable), anything else not retryable.
   */
  public static CloudException forStatus(int status, String code, String message) {
    return switch (status) {
      case 400, 422 -> new CloudInvalidRequestException(message, status, code);
      case 401, 403 -> new CloudForbiddenException(message, status, code);
      case 404 -> new CloudNotFoundException(message, code);
      case 409 -> new CloudConflictException(message, code);
      case 429 -> new CloudThrottledException(message, code);
      default ->
          status >= 500
              ? new CloudUnavailableException(message, status, code, null)
              : new CloudException(message, status, code, false, null);
    };
  }
}
