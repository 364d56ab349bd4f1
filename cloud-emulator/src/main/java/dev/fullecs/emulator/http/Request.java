package dev.fullecs.emulator.http;

import com.sun.net.httpserver.Headers;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A request as an {@link Authentication} sees it, before any handler: method, path (as sent,
 * percent-encoded), query (as sent), headers, the route's path parameters, and the body (read when
 * first asked for).
 */
public record Request(
    String method,
    String rawPath,
    String rawQuery,
    Headers headers,
    Map<String, String> params,
    Supplier<byte[]> body) {

  /** The first value of a header (names are case-insensitive), or null. */
  public String header(String name) {
    return headers.getFirst(name);
  }
}
