package dev.fullecs.emulator.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Matches a method and path to a {@link Route}, capturing {@code {name}} segments. */
public final class Router {
  private final List<Route> routes;
  private final Surface surface;

  public record Match(Route route, Map<String, String> params) {}

  /**
   * An empty router whose routes are the own API's kind ({@link Surface#own}: tokens, its error
   * format) and answer refusals with {@code refusals} unless they declare otherwise.
   */
  public Router(RefusalMapping refusals) {
    this(new ArrayList<>(), Surface.own(refusals));
  }

  private Router(List<Route> routes, Surface surface) {
    this.routes = routes;
    this.surface = surface;
  }

  /**
   * The same router for routes that answer refusals their own way: the routes registered through
   * the result join this router's routes and answer with {@code other}.
   */
  public Router answering(RefusalMapping other) {
    return new Router(routes, surface.answering(other));
  }

  /**
   * The same router for the routes of another surface (its authentication, refusals, error format):
   * the routes registered through the result join this router's routes.
   */
  public Router surface(Surface other) {
    return new Router(routes, other);
  }

  public Router get(String template, String operation, Access access, Handler h) {
    routes.add(new Route("GET", template, operation, access, h, null, IdempotencyKey.NONE, surface));
    return this;
  }

  /** A route that changes nothing, whatever its method (a {@code POST} that only answers). */
  public Router call(String method, String template, String operation, Access access, Handler h) {
    routes.add(new Route(method, template, operation, access, h, null, IdempotencyKey.NONE, surface));
    return this;
  }

  /** A mutating route that honours the own API's {@code Idempotency-Key} (required if {@code keyRequired}). */
  public Router write(String method, String template, String operation, Access access,
      boolean keyRequired, WriteHandler h) {
    return write(method, template, operation, access, IdempotencyKey.own(keyRequired), h);
  }

  /** A mutating route whose idempotency key (if any) comes in the header {@code key} declares. */
  public Router write(String method, String template, String operation, Access access,
      IdempotencyKey key, WriteHandler h) {
    routes.add(new Route(method, template, operation, access, null, h, key, surface));
    return this;
  }

  public List<Route> routes() {
    return Collections.unmodifiableList(routes);
  }

  /** The matching route, or an {@link ApiException} 404 (no such path) or 405 (no such method). */
  public Match match(String method, String path) {
    String[] parts = path.length() > 1 ? path.substring(1).split("/", -1) : new String[] {""};
    boolean pathKnown = false;
    for (Route r : routes) {
      Map<String, String> params = matchPath(r.segments(), parts);
      if (params == null) {
        continue;
      }
      pathKnown = true;
      if (r.method().equals(method)) {
        return new Match(r, params);
      }
    }
    if (pathKnown) {
      throw new ApiException(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path);
    }
    throw new ApiException(404, "ROUTE_NOT_FOUND", "no such endpoint: " + method + " " + path);
  }

  private static Map<String, String> matchPath(List<String> template, String[] parts) {
    if (template.size() != parts.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String t = template.get(i);
      if (t.startsWith("{") && t.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), parts[i]);
      } else if (!t.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }
}
