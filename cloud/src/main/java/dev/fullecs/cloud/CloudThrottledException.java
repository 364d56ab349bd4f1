package dev.fullecs.cloud;

/** 429: the cloud asks the caller to slow down. Retryable. */
public class CloudThrottledException extends CloudException {
  public CloudThrottledException(String message, String errorCode) {
    super(message, 429, errorCode, true, null);
  }
}
