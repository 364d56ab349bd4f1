package dev.fullecs.emulator.http;

/** A refusal with an HTTP status and a stable {@code error_code}; nothing was changed. */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static ApiException notFound(String what, String id) {
    return new ApiException(404, what.toUpperCase(java.util.Locale.ROOT) + "_NOT_FOUND",
        what.toLowerCase(java.util.Locale.ROOT) + " " + id + " not found");
  }

  public static ApiException invalid(String message) {
    return new ApiException(400, "INVALID_REQUEST", message);
  }
}
