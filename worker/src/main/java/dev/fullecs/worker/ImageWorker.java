package dev.fullecs.worker;

import dev.fullecs.backup.BackupActivitiesImpl;
import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import dev.fullecs.image.WaitOptions;
import dev.fullecs.ecs.EcsActivitiesImpl;
import dev.fullecs.image.ImageActivitiesImpl;
import dev.fullecs.snapshot.SnapshotActivitiesImpl;
import dev.fullecs.wait.TaskWatcher;
import dev.fullecs.wait.TemporalReplies;
import dev.fullecs.wait.WatcherOptions;
import dev.fullecs.workflows.StepOptions;
import dev.fullecs.workflows.FullEcsImageWorkflowImpl;
import dev.fullecs.contract.ImageWorkflows;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/**
 * Registers the full-ECS image workflow and its activities on {@link ImageWorkflows#TASK_QUEUE},
 * and the waits for snapshots and backups also on {@link ImageWorkflows#WAITS_TASK_QUEUE}, where
 * creations scheduled them before issue 15. The worker
 * process, the starter's demo and the tests all go through {@link #register}.
 */
public final class ImageWorker {

  private ImageWorker() {}

  /**
   * Sized for hundreds of creations in flight. A wait for a snapshot or backup holds its slot and a
   * thread only while it reads its task once: then the process's {@link TaskWatcher} holds it, with
   * no thread and no slot (issue 15); workflow tasks and short steps are short.
   *
   * <p>Heartbeats go out at least every 2 seconds (the SDK otherwise waits up to 0.8 x the
   * 30-second heartbeat timeout): a waiting step sees a cancel within a few seconds (F11), and
   * describe shows live percent (F10).
   */
  public static WorkerOptions workerOptions() {
    return WorkerOptions.newBuilder()
        .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
        .setMaxConcurrentActivityExecutionSize(1000)
        .setMaxConcurrentActivityTaskPollers(8)
        .setMaxConcurrentWorkflowTaskExecutionSize(200)
        .setMaxConcurrentWorkflowTaskPollers(4)
        .build();
  }

  /**
   * The cache: {@value #DEFAULT_CACHE} creations by default (issue 15). A waiting snapshot or backup
   * holds no thread, so what bounds the worker's threads is the cache: a cached creation parks two
   * workflow threads (its main one and the one between lock and unlock), and each step briefly
   * runs a third. With 75 cached, the worker stays under 300 live threads however many creations
   * it carries (2,000 of 8 data disks measured, docs/PERFORMANCE.md). A worker that carries more
   * creations than its cache replays an evicted one from its history (about a hundred events) at
   * its next workflow task: worker CPU and a history read on the server instead of threads. A
   * worker with memory to spare that carries hundreds of creations at once can raise it with
   * {@code -D}{@value #CACHE_PROPERTY}{@code =N} (about 2 x N + 110 threads).
   */
  public static WorkerFactoryOptions factoryOptions() {
    return factoryOptions(Integer.getInteger(CACHE_PROPERTY, DEFAULT_CACHE));
  }

  /** Activity pollers of the old waits' task queue (issue 15: each is a thread). */
  public static final int WAITS_POLLERS = 2;

  /** The creations the worker keeps cached by default (system property {@value #CACHE_PROPERTY}). */
  public static final int DEFAULT_CACHE = 75;

  /**
   * The system property that sets the cache: a smaller cache bounds the worker's threads (three
   * workflow threads per cached creation at the most) and makes the creations it evicts replay
   * their history at their next workflow task (docs/PERFORMANCE.md, issue 15).
   */
  public static final String CACHE_PROPERTY = "fullecs.workflowCacheSize";

  /** A cache of {@code cached} creations and three workflow threads for each. */
  public static WorkerFactoryOptions factoryOptions(int cached) {
    return WorkerFactoryOptions.newBuilder()
        .setWorkflowCacheSize(cached)
        .setMaxWorkflowThreadCount(3 * cached)
        .build();
  }

  /**
   * Adds the workers of both task queues to {@code factory}: {@link ImageWorkflows#TASK_QUEUE}
   * (the workflows and all their activities) and {@link ImageWorkflows#WAITS_TASK_QUEUE} (the waits
   * for snapshots and backups that creations scheduled there before issue 15, and their retries).
   * {@code cloud} holds the image service's credential. The caller
   * starts the factory. Returns the worker of the main task queue.
   */
  public static Worker register(WorkerFactory factory, ImageCloud cloud) {
    return register(factory, cloud, workerOptions());
  }

  /** On the emulator's own API. */
  public static Worker register(WorkerFactory factory, CloudClient cloud) {
    return register(factory, new EmulatorImageCloud(cloud), workerOptions());
  }

  /** As {@link #register(WorkerFactory, CloudClient)}, with other worker options (tests). */
  public static Worker register(WorkerFactory factory, CloudClient cloud, WorkerOptions options) {
    return register(factory, new EmulatorImageCloud(cloud), options);
  }

  /** As {@link #register(WorkerFactory, ImageCloud)}, with other worker options (tests). */
  public static Worker register(WorkerFactory factory, ImageCloud cloud, WorkerOptions options) {
    Worker worker = factory.newWorker(ImageWorkflows.TASK_QUEUE, options);
    worker.registerWorkflowImplementationTypes(
        FullEcsImageWorkflowImpl.class,
        dev.fullecs.workflows.ServerLockWorkflowImpl.class,
        dev.fullecs.workflows.provision.ProvisionFromImageWorkflowImpl.class,
        dev.fullecs.workflows.provision.ReplicateImageWorkflowImpl.class);
    // The waits of both task queues share one watcher: it waits for every snapshot and backup
    // this process was handed, and hands them back when the factory shuts down.
    TaskWatcher watcher =
        TaskWatcher.start(
            cloud,
            new TemporalReplies(factory.getWorkflowClient()),
            WatcherOptions.defaults(StepOptions.HEARTBEAT_TIMEOUT),
            factory::isShutdown);
    SnapshotActivitiesImpl snapshots = new SnapshotActivitiesImpl(cloud, watcher);
    BackupActivitiesImpl backups = new BackupActivitiesImpl(cloud, watcher);
    worker.registerActivitiesImplementations(
        new EcsActivitiesImpl(cloud),
        snapshots,
        backups,
        new ImageActivitiesImpl(cloud),
        new dev.fullecs.provision.ProvisionActivitiesImpl(cloud, WaitOptions.defaults()),
        new dev.fullecs.provision.ReplicationActivitiesImpl(cloud, WaitOptions.defaults()));
    // The waits scheduled on the old waits' queue (before issue 15), and their retries after a
    // worker was lost, which stay there: a wait's activity task is one read of the cloud (the
    // watcher then holds it), so two pollers keep up with thousands, each a thread in a long-poll.
    Worker waits = factory.newWorker(ImageWorkflows.WAITS_TASK_QUEUE,
        WorkerOptions.newBuilder(options).setMaxConcurrentActivityTaskPollers(WAITS_POLLERS).build());
    waits.registerActivitiesImplementations(snapshots, backups);
    return worker;
  }
}
