package dev.fullecs.emulator.http;

import java.util.List;

/** One endpoint: method, path template ({@code /v1/{tenant}/servers/{id}}), operation name, access. */
public record Route(
    String method,
    String template,
    String operation,
    Access access,
    Handler reader,
    WriteHandler writer,
    boolean idempotencyKeyRequired) {

  public boolean mutating() {
    return writer != null;
  }

  List<String> segments() {
    return List.of(template.substring(1).split("/"));
  }
}
