package dev.fullecs.cloud;

/**
 * 409: the resource's state forbids the call; {@link #errorCode()} says which rule, e.g.
 * {@code ECS_LOCKED}, {@code LOCK_NOT_HELD}, {@code IMAGE_DELETED}, {@code IDEMPOTENCY_KEY_REUSED}.
 */
public class CloudConflictException extends CloudException {
  public CloudConflictException(String message, String errorCode) {
    super(message, 409, errorCode, false, null);
  }
}
