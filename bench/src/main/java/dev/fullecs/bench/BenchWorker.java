package dev.fullecs.bench;

import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.worker.ImageWorker;
import dev.fullecs.worker.TemporalConnection;
import dev.fullecs.worker.WorkerSettings;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's worker process: exactly the product's worker ({@link ImageWorker}, same
 * options), plus {@link BaselineWorkflow} on its own task queue with the same worker options
 * (unless {@value #BASELINE_PROPERTY} is false: the phases without a baseline count the threads
 * of the product's worker alone).
 * Configured from the environment as the worker is ({@code TEMPORAL_ADDRESS},
 * {@code FULLECS_CLOUD_URL}, {@code FULLECS_SERVICE_TOKEN}).
 */
public final class BenchWorker {
  /** {@code -Dfullecs.bench.baseline=false}: the product's worker alone, without the baseline's task queue. */
  static final String BASELINE_PROPERTY = "fullecs.bench.baseline";

  private BenchWorker() {}

  public static void main(String[] args) {
    WorkerSettings settings = WorkerSettings.fromEnvironment(System.getenv());
    TemporalConnection connection = TemporalConnection.fromEnvironment(null);
    WorkerFactory factory =
        WorkerFactory.newInstance(connection.client(), ImageWorker.factoryOptions());
    ImageWorker.register(
        factory,
        new HttpCloudClient(
            URI.create(settings.cloudUrl()), settings.serviceToken(),
            HttpCloudClient.Timeouts.worker(), HttpCloudClient.WORKER_QUICK_RETRIES));
    if (Boolean.parseBoolean(System.getProperty(BASELINE_PROPERTY, "true"))) {
      Worker baseline = factory.newWorker(BaselineWorkflow.TASK_QUEUE, ImageWorker.workerOptions());
      baseline.registerWorkflowImplementationTypes(BaselineWorkflowImpl.class);
      NoopActivitiesImpl noop =
          new NoopActivitiesImpl(settings.cloudUrl(), Bench.TENANT, settings.serviceToken());
      baseline.registerActivitiesImplementations(noop);
      Worker waits = factory.newWorker(BaselineWorkflow.WAITS_TASK_QUEUE,
          io.temporal.worker.WorkerOptions.newBuilder(ImageWorker.workerOptions())
              .setMaxConcurrentActivityTaskPollers(ImageWorker.WAITS_POLLERS).build());
      waits.registerActivitiesImplementations(noop);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  factory.shutdown();
                  factory.awaitTermination(10, TimeUnit.SECONDS);
                  connection.close();
                },
                "bench-worker-shutdown"));
    factory.start();
    System.out.println("bench worker polling task queues");
  }
}
