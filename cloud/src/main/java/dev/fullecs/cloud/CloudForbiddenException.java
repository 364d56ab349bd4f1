package dev.fullecs.cloud;

/** 401 or 403: the credential is missing, unknown, revoked, or not allowed to do this (F23). */
public class CloudForbiddenException extends CloudException {
  public CloudForbiddenException(String message, int httpStatus, String errorCode) {
    super(message, httpStatus, errorCode, false, null);
  }
}
