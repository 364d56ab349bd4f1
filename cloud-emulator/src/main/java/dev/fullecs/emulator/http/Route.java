package dev.fullecs.emulator.http;

import java.util.List;

/**
 * One endpoint: method, path template ({@code /v1/{tenant}/servers/{id}}), operation name, access,
 * the idempotency key it honours, and the surface it belongs to (how a caller is authenticated,
 * how the domain's refusals and the front's errors are answered). What the front does around the
 * handler follows from this declaration: the faults of {@link #operation()}, the idempotency record
 * of a {@link #mutating()} cloud operation, the audit entries under the operation's name.
 */
public record Route(
    String method,
    String template,
    String operation,
    Access access,
    Handler reader,
    WriteHandler writer,
    IdempotencyKey idempotencyKey,
    Surface surface) {

  public boolean mutating() {
    return writer != null;
  }

  /** The cloud's operation (faults, idempotency keys), as opposed to the operator's. */
  public boolean cloudOperation() {
    return access.cloud();
  }

  /** How this route's surface answers a refusal of the domain. */
  public RefusalMapping refusals() {
    return surface.refusals();
  }

  List<String> segments() {
    return List.of(template.substring(1).split("/"));
  }
}
