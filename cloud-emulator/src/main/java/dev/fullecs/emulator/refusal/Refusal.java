package dev.fullecs.emulator.refusal;

import java.util.Locale;

/**
 * The cloud refuses a request and changes nothing: a stable code ({@code ECS_LOCKED}), a
 * {@link RefusalKind}, and a sentence a person understands. It knows no transport: each API
 * surface maps the kind to a status of its own.
 */
public final class Refusal extends RuntimeException {
  private final RefusalKind kind;
  private final String code;

  public Refusal(RefusalKind kind, String code, String message) {
    super(message);
    this.kind = kind;
    this.code = code;
  }

  public RefusalKind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  /** {@code IMAGE_NOT_FOUND}, "image img-1 not found". */
  public static Refusal notFound(String what, String id) {
    return new Refusal(RefusalKind.NOT_FOUND, what.toUpperCase(Locale.ROOT) + "_NOT_FOUND",
        what.toLowerCase(Locale.ROOT) + " " + id + " not found");
  }

  /** {@code INVALID_REQUEST}: an argument is missing or malformed. */
  public static Refusal invalid(String message) {
    return new Refusal(RefusalKind.INVALID, "INVALID_REQUEST", message);
  }

  public static Refusal unacceptable(String code, String message) {
    return new Refusal(RefusalKind.UNACCEPTABLE, code, message);
  }

  public static Refusal forbidden(String code, String message) {
    return new Refusal(RefusalKind.FORBIDDEN, code, message);
  }

  public static Refusal conflict(String code, String message) {
    return new Refusal(RefusalKind.CONFLICT, code, message);
  }
}
