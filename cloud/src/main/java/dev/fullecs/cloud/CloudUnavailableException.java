package dev.fullecs.cloud;

/**
 * 5xx, a refused or broken connection, or a response lost after the request was sent (the change
 * may have been made: retry with the same idempotency key). Retryable.
 */
public class CloudUnavailableException extends CloudException {
  public CloudUnavailableException(String message, int httpStatus, String errorCode, Throwable cause) {
    super(message, httpStatus, errorCode, true, cause);
  }
}
