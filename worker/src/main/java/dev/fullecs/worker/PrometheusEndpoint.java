package dev.fullecs.worker;

import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The SDK's metrics (worker slots, poll latencies, activity and workflow task counts) in the
 * Prometheus text format at {@code http://127.0.0.1:PORT/metrics}.
 */
public final class PrometheusEndpoint implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final Scope scope;
  private final HttpServer server;

  private PrometheusEndpoint(PrometheusMeterRegistry registry, Scope scope, HttpServer server) {
    this.registry = registry;
    this.scope = scope;
    this.server = server;
  }

  /** Serves on 127.0.0.1:{@code port} ({@code 0}: any free port). */
  public static PrometheusEndpoint start(int port) throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofSeconds(10));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return new PrometheusEndpoint(registry, scope, server);
  }

  /** The scope to hand to the service stubs. */
  public Scope scope() {
    return scope;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    try {
      scope.close();
    } catch (com.uber.m3.tally.ScopeCloseException e) {
      // closing flushes the last report; nothing to do if it fails at shutdown
    }
    server.stop(0);
    registry.close();
  }
}
