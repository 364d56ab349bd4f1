package dev.fullecs.cloud;

/** 404: no such resource for this tenant (another tenant's resources look the same, F22). */
public class CloudNotFoundException extends CloudException {
  public CloudNotFoundException(String message, String errorCode) {
    super(message, 404, errorCode, false, null);
  }
}
