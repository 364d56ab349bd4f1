package dev.fullecs.emulator.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Matches a method and path to a {@link Route}, capturing {@code {name}} segments. */
public final class Router {
  private final List<Route> routes;
  private final RefusalMapping refusals;

  public record Match(Route route, Map<String, String> params) {}

  /** An empty router whose routes answer refusals with {@code refusals} unless they declare otherwise. */
  public Router(RefusalMapping refusals) {
    this(new ArrayList<>(), refusals);
  }

  private Router(List<Route> routes, RefusalMapping refusals) {
    this.routes = routes;
    this.refusals = refusals;
  }

  /**
   * The same router for a surface that answers refusals its own way: the routes registered through
   * the result join this router's routes and answer with {@code other}.
   */
  public Router answering(RefusalMapping other) {
    return new Router(routes, other);
  }

  public Router get(String template, String operation, Access access, Handler h) {
    routes.add(new Route("GET", template, operation, access, h, null, false, refusals));
    return this;
  }

  /** A route that changes nothing, whatever its method (a {@code POST} that only answers). */
  public Router call(String method, String template, String operation, Access access, Handler h) {
    routes.add(new Route(method, template, operation, access, h, null, false, refusals));
    return this;
  }

  public Router write(String method, String template, String operation, Access access,
      boolean keyRequired, WriteHandler h) {
    routes.add(new Route(method, template, operation, access, null, h, keyRequired, refusals));
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
