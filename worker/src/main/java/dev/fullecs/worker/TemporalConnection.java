package dev.fullecs.worker;

import com.uber.m3.tally.Scope;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The connection to Temporal, from temporal-envconfig: {@code TEMPORAL_ADDRESS} (default
 * {@code localhost:7233}), {@code TEMPORAL_NAMESPACE} (default {@code default}),
 * {@code TEMPORAL_PROFILE} and the config file, TLS and API key. Used by the worker and the
 * starter alike, so the bootstrap lives in one place.
 */
public final class TemporalConnection implements AutoCloseable {
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final String target;

  private TemporalConnection(WorkflowServiceStubs service, WorkflowClient client, String target) {
    this.service = service;
    this.client = client;
    this.target = target;
  }

  /**
   * Connects lazily (no call is made yet). {@code metricsScope} may be null.
   *
   * @throws IllegalArgumentException with one sentence when the configuration cannot be loaded
   */
  public static TemporalConnection fromEnvironment(Scope metricsScope) {
    return fromEnvironment(metricsScope, null, null);
  }

  /**
   * As {@link #fromEnvironment(Scope)}, with the frontend's {@code address} and the {@code
   * namespace} given on a command line winning over the environment and the profile (each may be
   * null: not given).
   */
  public static TemporalConnection fromEnvironment(Scope metricsScope, String address, String namespace) {
    ClientConfigProfile profile;
    try {
      profile = ClientConfigProfile.load();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot load the Temporal client configuration: " + e.getMessage());
    }
    WorkflowServiceStubsOptions.Builder stubOptions =
        WorkflowServiceStubsOptions.newBuilder(profile.toWorkflowServiceStubsOptions());
    if (metricsScope != null) {
      stubOptions.setMetricsScope(metricsScope);
    }
    if (address != null) {
      stubOptions.setTarget(address);
    }
    WorkflowServiceStubsOptions built = stubOptions.validateAndBuildWithDefaults();
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(built);
    WorkflowClientOptions.Builder clientOptionsBuilder =
        WorkflowClientOptions.newBuilder(profile.toWorkflowClientOptions())
            .setDataConverter(PayloadEncryption.dataConverter(System.getenv()));
    if (namespace != null) {
      clientOptionsBuilder.setNamespace(namespace);
    }
    WorkflowClientOptions clientOptions = clientOptionsBuilder.build();
    WorkflowClient client = WorkflowClient.newInstance(service, clientOptions);
    return new TemporalConnection(service, client, built.getTarget());
  }

  public WorkflowServiceStubs service() {
    return service;
  }

  public WorkflowClient client() {
    return client;
  }

  public String namespace() {
    return client.getOptions().getNamespace();
  }

  /** host:port of the frontend, for messages. */
  public String target() {
    return target;
  }

  @Override
  public void close() {
    service.shutdown();
    service.awaitTermination(5, TimeUnit.SECONDS);
  }
}
