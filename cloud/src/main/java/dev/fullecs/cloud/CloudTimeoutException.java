package dev.fullecs.cloud;

/** No answer within the client's timeout (the change may have been made). Retryable. */
public class CloudTimeoutException extends CloudException {
  public CloudTimeoutException(String message, Throwable cause) {
    super(message, 0, null, true, cause);
  }
}
