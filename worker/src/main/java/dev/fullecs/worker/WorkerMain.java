package dev.fullecs.worker;

import dev.fullecs.cloud.Clouds;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import dev.fullecs.contract.ImageWorkflows;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: polls {@link ImageWorkflows#TASK_QUEUE} with the workflow and the activities
 * until SIGTERM. Configuration: temporal-envconfig ({@code TEMPORAL_ADDRESS},
 * {@code TEMPORAL_NAMESPACE}, ...), {@code FULLECS_CLOUD} ({@code emulator} or {@code huaweicloud},
 * see {@link Clouds}), {@code FULLECS_CLOUD_URL}, {@code FULLECS_SERVICE_TOKEN} or {@code
 * FULLECS_SERVICE_TOKEN_FILE} (emulator), Huawei's AK/SK per project (huaweicloud), {@code
 * FULLECS_METRICS_PORT}.
 */
public final class WorkerMain {
  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);
  private static final long SHUTDOWN_GRACE_SECONDS = 30;

  private WorkerMain() {}

  public static void main(String[] args) {
    int failure = start(System.getenv());
    if (failure != 0) {
      System.exit(failure);
    }
    // The pollers' threads keep the JVM alive; SIGTERM runs the shutdown hook.
  }

  /** Starts the worker; returns 0 once it polls, else the exit code after printing one sentence. */
  static int start(Map<String, String> env) {
    WorkerSettings settings;
    ImageCloud cloud;
    try {
      settings = WorkerSettings.fromEnvironment(env);
      cloud = imageCloud(settings, env);
    } catch (IllegalArgumentException e) {
      System.err.println("worker: " + e.getMessage());
      return 2;
    }
    PrometheusEndpoint metrics = null;
    if (settings.metricsPort() > 0) {
      try {
        metrics = PrometheusEndpoint.start(settings.metricsPort());
      } catch (IOException e) {
        System.err.println(
            "worker: cannot serve metrics on 127.0.0.1:" + settings.metricsPort() + " ("
                + e.getMessage() + "): set FULLECS_METRICS_PORT to a free port, or 0 for none");
        return 1;
      }
    }
    TemporalConnection connection;
    try {
      connection = TemporalConnection.fromEnvironment(metrics == null ? null : metrics.scope());
    } catch (IllegalArgumentException e) {
      System.err.println("worker: " + e.getMessage());
      closeQuietly(metrics);
      return 2;
    }
    Optional<String> problem = StartupCheck.problem(connection.client(), connection.target());
    if (problem.isPresent()) {
      System.err.println("worker: " + problem.get());
      connection.close();
      closeQuietly(metrics);
      return 1;
    }

    WorkerFactory factory =
        WorkerFactory.newInstance(
            connection.client(),
            WorkerFactoryOptions.newBuilder(ImageWorker.factoryOptions())
                .setWorkerInterceptors(new ActivityLog())
                .build());
    ImageWorker.register(factory, cloud);
    PrometheusEndpoint metricsToClose = metrics;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping: finishing the tasks in hand (up to {}s)", SHUTDOWN_GRACE_SECONDS);
                  factory.shutdown();
                  factory.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
                  connection.close();
                  closeQuietly(metricsToClose);
                  log.info("stopped");
                },
                "worker-shutdown"));
    factory.start();
    log.info(
        "polling task queue {} in namespace {} on {}; cloud {}; metrics {}",
        ImageWorkflows.TASK_QUEUE,
        connection.namespace(),
        connection.target(),
        cloud,
        metrics == null ? "off" : "http://127.0.0.1:" + metrics.port() + "/metrics");
    return 0;
  }

  /** The port's implementation {@code FULLECS_CLOUD} names, with the worker's timeouts and quick retries. */
  static ImageCloud imageCloud(WorkerSettings settings, Map<String, String> env) {
    return switch (settings.cloud()) {
      case EMULATOR -> new EmulatorImageCloud(new HttpCloudClient(
          URI.create(settings.cloudUrl()), settings.serviceToken(),
          HttpCloudClient.Timeouts.worker(), HttpCloudClient.WORKER_QUICK_RETRIES));
      case HUAWEICLOUD -> Clouds.huaweiCloud(env, HttpCloudClient.WORKER_QUICK_RETRIES);
    };
  }

  private static void closeQuietly(PrometheusEndpoint metrics) {
    if (metrics != null) {
      metrics.close();
    }
  }
}
