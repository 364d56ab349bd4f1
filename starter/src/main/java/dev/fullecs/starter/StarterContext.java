package dev.fullecs.starter;

import dev.fullecs.worker.TemporalConnection;
import io.temporal.client.WorkflowClient;
import java.io.Closeable;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the commands need from outside: the environment, the Temporal client (from temporal-envconfig
 * by default, or the in-process test server's for the demo and the tests), whether output is a
 * terminal, and how often to refresh a live display.
 */
public final class StarterContext implements Closeable {
  public static final String DEFAULT_CLOUD_URL = "http://127.0.0.1:8780";

  private final Map<String, String> env;
  private final Supplier<WorkflowClient> temporalFactory;
  private final boolean terminal;
  private final Duration refresh;
  private WorkflowClient temporal;
  private TemporalConnection ownConnection;

  private StarterContext(
      Map<String, String> env, Supplier<WorkflowClient> temporalFactory, boolean terminal, Duration refresh) {
    this.env = env;
    this.temporalFactory = temporalFactory;
    this.terminal = terminal;
    this.refresh = refresh;
  }

  /** The real thing: system environment, envconfig connection, terminal if there is a console. */
  public static StarterContext fromSystem() {
    StarterContext[] self = new StarterContext[1];
    self[0] =
        new StarterContext(
            System.getenv(),
            () -> {
              self[0].ownConnection = TemporalConnection.fromEnvironment(null);
              return self[0].ownConnection.client();
            },
            System.console() != null,
            Duration.ofMillis(500));
    return self[0];
  }

  /** For the demo and tests: a given client and environment. */
  public static StarterContext of(
      Map<String, String> env, WorkflowClient client, boolean terminal, Duration refresh) {
    return new StarterContext(env, () -> client, terminal, refresh);
  }

  /** The whole environment (the cloud port reads its own settings from it: {@code FULLECS_CLOUD}, Huawei's AK/SK). */
  public Map<String, String> environment() {
    return env;
  }

  public String env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  public synchronized WorkflowClient temporal() {
    if (temporal == null) {
      temporal = temporalFactory.get();
    }
    return temporal;
  }

  /** host:port or "in-process", for messages. */
  public String temporalTarget() {
    return ownConnection != null ? ownConnection.target() : "the configured Temporal server";
  }

  public boolean terminal() {
    return terminal;
  }

  public Duration refresh() {
    return refresh;
  }

  @Override
  public synchronized void close() {
    if (ownConnection != null) {
      ownConnection.close();
    }
  }
}
