package dev.fullecs.starter;

/** The cloud answered with an error: its HTTP status, its stable code and its own sentence. */
public final class CloudCallException extends RuntimeException {
  private final int status;
  private final String code;

  public CloudCallException(int status, String code, String message) {
    super(message == null || message.isEmpty() ? "the cloud answered " + status : message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
