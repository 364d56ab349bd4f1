package dev.fullecs.cloud;

/** 400 or 422: the request is malformed or semantically invalid. */
public class CloudInvalidRequestException extends CloudException {
  public CloudInvalidRequestException(String message, int httpStatus, String errorCode) {
    super(message, httpStatus, errorCode, false, null);
  }
}
