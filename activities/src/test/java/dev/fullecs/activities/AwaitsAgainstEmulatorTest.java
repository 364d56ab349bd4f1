package dev.fullecs.activities;

import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.fullecs.backup.BackupActivities;
import dev.fullecs.backup.BackupActivitiesImpl;
import dev.fullecs.backup.BackupWait;
import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.cloud.ImageSpec;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.StepProgress;
import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import dev.fullecs.snapshot.SnapshotActivities;
import dev.fullecs.snapshot.SnapshotActivitiesImpl;
import dev.fullecs.snapshot.SnapshotWait;
import dev.fullecs.wait.TaskWatcher;
import dev.fullecs.wait.TemporalReplies;
import dev.fullecs.wait.WatcherOptions;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The waits for snapshots and backups as the worker runs them (issue 15): the activity hands its
 * task to the worker's {@link TaskWatcher} and returns without completing, and the watcher
 * completes it. On Temporal's test server in real time, with the in-process emulator, so that
 * heartbeat timeouts, retries and cancels are the server's.
 */
class AwaitsAgainstEmulatorTest {
  static final String T = "tenant-a";
  static final String WAITS = "waits";
  static final String WORKFLOWS = "workflows";
  /** Short, so that a dead worker is noticed within seconds. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);

  @TempDir Path dir;
  CloudEmulator emulator;
  CloudClient cloud;
  TestWorkflowEnvironment env;
  final List<TaskWatcher> watchers = new ArrayList<>();
  final List<WorkerFactory> factories = new ArrayList<>();

  @AfterEach
  void stop() {
    watchers.forEach(TaskWatcher::close);
    factories.forEach(WorkerFactory::shutdownNow);
    if (env != null) env.close();
    if (emulator != null) emulator.close();
  }

  /** The emulator with fixed durations, the test server, and the workflow's own worker. */
  void start(Duration snapshot, Duration backup) {
    emulator = CloudEmulator.start(
        EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0).fixedDurations(snapshot, backup));
    cloud = new HttpCloudClient(URI.create(emulator.baseUrl()), "tok-image-service");
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    env.newWorker(WORKFLOWS).registerWorkflowImplementationTypes(AwaitAllImpl.class);
    env.start();
  }

  /** A worker process's waits: a factory of its own, its own watcher, {@code slots} activity slots. */
  TaskWatcher waitsWorker(int slots, boolean handsBackWhenStopped) {
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    TaskWatcher watcher =
        TaskWatcher.start(
            new EmulatorImageCloud(cloud), new TemporalReplies(factory.getWorkflowClient()),
            WatcherOptions.defaults(HEARTBEAT_TIMEOUT).withPolling(Duration.ofSeconds(2), 20_000),
            handsBackWhenStopped ? factory::isShutdown : () -> false);
    Worker worker =
        factory.newWorker(WAITS, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(slots).build());
    worker.registerActivitiesImplementations(
        new SnapshotActivitiesImpl(cloud, watcher), new BackupActivitiesImpl(cloud, watcher));
    factory.start();
    watchers.add(watcher);
    factories.add(factory);
    return watcher;
  }

  String imageOf(String serverId) {
    String imageId = "img-" + serverId;
    cloud.lockServer(T, serverId, imageId, imageId + "/lock");
    cloud.createImage(T, new ImageSpec(imageId, "image-of-" + serverId, serverId, null, "vault-backup", "default",
        List.of(), "", null), imageId + "/image");
    return imageId;
  }

  SnapshotWait snapshotOf(String diskId, String imageId, int n) {
    Snapshot s = cloud.createSnapshot(T, diskId, "s-" + diskId + "-" + n, imageId, "k-" + diskId + "-" + n);
    return new SnapshotWait(T, imageId, diskId, s.id());
  }

  WorkflowStub startAwaits(String id, List<SnapshotWait> snapshots, List<BackupWait> backups) {
    AwaitAll wf = env.getWorkflowClient().newWorkflowStub(AwaitAll.class,
        WorkflowOptions.newBuilder().setTaskQueue(WORKFLOWS).setWorkflowId(id).build());
    WorkflowClient.start(wf::awaitAll, snapshots, backups);
    return WorkflowStub.fromTyped(wf);
  }

  @SuppressWarnings("unchecked")
  static List<String> result(WorkflowStub run, Duration within) throws Exception {
    return run.getResult(within.toSeconds(), java.util.concurrent.TimeUnit.SECONDS, List.class);
  }

  List<HistoryEvent> history(WorkflowStub run) {
    return env.getWorkflowClient().fetchHistory(run.getExecution().getWorkflowId()).getEvents();
  }

  @Test
  void moreWaitsThanActivitySlotsAllCompleteWhileNoneHoldsASlot() throws Exception {
    start(Duration.ofSeconds(4), Duration.ofSeconds(2));
    TaskWatcher watcher = waitsWorker(2, true);
    List<SnapshotWait> waits = new ArrayList<>();
    for (String server : List.of("ecs-eight-disks", "ecs-web-01")) {
      for (var disk : cloud.getServer(T, server).disksSystemFirst()) {
        waits.add(snapshotOf(disk.id(), null, 1));
      }
    }
    assertThat(waits).hasSize(12);

    long t0 = System.nanoTime();
    WorkflowStub run = startAwaits("twelve-waits", waits, List.of());

    // Twelve waits held at once by a worker with two activity slots.
    await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(20)).until(() -> watcher.size() == 12);
    assertThat(result(run, Duration.ofSeconds(30)))
        .containsExactlyElementsOf(waits.stream().map(SnapshotWait::snapshotId).toList());
    // They ended together: one wave of four seconds, not six waves of two at a time.
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(9));
    assertThat(watcher.size()).isZero();
  }

  @Test
  void theProgressOfAWaitingSnapshotIsInItsHeartbeatDetails() throws Exception { // F10
    start(Duration.ofSeconds(6), Duration.ofSeconds(2));
    waitsWorker(10, true);
    SnapshotWait wait = snapshotOf("ecs-web-01-data1", null, 1);
    WorkflowStub run = startAwaits("progress", List.of(wait), List.of());

    StepProgress[] seen = new StepProgress[1];
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
      for (PendingActivityInfo p : run.describe().getRawDescription().getPendingActivitiesList()) {
        if (p.getActivityType().getName().equals("AwaitSnapshot") && p.hasHeartbeatDetails()) {
          seen[0] = DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
              0, Optional.of(p.getHeartbeatDetails()), StepProgress.class, StepProgress.class);
          return true;
        }
      }
      return false;
    });
    assertThat(seen[0].resourceId()).isEqualTo(wait.snapshotId());
    assertThat(seen[0].diskId()).isEqualTo("ecs-web-01-data1");
    assertThat(seen[0].status()).isEqualTo("creating");
    assertThat(seen[0].percent()).isBetween(0, 99);
    assertThat(result(run, Duration.ofSeconds(20))).containsExactly(wait.snapshotId());
  }

  @Test
  void aWaitHeldByAWorkerThatDiedIsTakenOverByItsNextAttempt() throws Exception { // F15
    start(Duration.ofSeconds(5), Duration.ofSeconds(2));
    TaskWatcher first = waitsWorker(10, false);
    SnapshotWait wait = snapshotOf("ecs-web-01-sys", null, 1);
    WorkflowStub run = startAwaits("killed-worker", List.of(wait), List.of());
    await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(20)).until(() -> first.size() == 1);

    // kill -9: the watcher stops answering and heartbeating, the worker stops polling.
    first.close();
    factories.get(0).shutdownNow();
    TaskWatcher second = waitsWorker(10, true);

    assertThat(result(run, Duration.ofSeconds(30))).containsExactly(wait.snapshotId());
    HistoryEvent started = history(run).stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED).findFirst().orElseThrow();
    assertThat(started.getActivityTaskStartedEventAttributes().getAttempt())
        .as("completed by a later attempt, after the heartbeat timeout").isGreaterThan(1);
    assertThat(second.size()).isZero();
  }

  @Test
  void aStoppingWorkerHandsItsWaitsBackAtOnce() throws Exception {
    start(Duration.ofSeconds(6), Duration.ofSeconds(2));
    TaskWatcher first = waitsWorker(10, true);
    SnapshotWait wait = snapshotOf("ecs-web-01-sys", null, 1);
    WorkflowStub run = startAwaits("stopped-worker", List.of(wait), List.of());
    await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(20)).until(() -> first.size() == 1);

    factories.get(0).shutdown();
    // Handed back at once (well before the 3 s heartbeat timeout), retryable: the next attempt is due.
    PendingActivityInfo[] pending = new PendingActivityInfo[1];
    await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(20)).until(() -> {
      pending[0] = run.describe().getRawDescription().getPendingActivities(0);
      return pending[0].getAttempt() == 2;
    });
    assertThat(pending[0].getLastFailure().getApplicationFailureInfo().getType()).isEqualTo(TaskWatcher.HANDED_BACK);
    assertThat(first.size()).isZero();
    waitsWorker(10, true);

    assertThat(result(run, Duration.ofSeconds(30))).containsExactly(wait.snapshotId());
  }

  @Test
  void aCancelledWaitIsReportedCancelledAtItsNextHeartbeat() throws Exception { // F11
    start(Duration.ofMinutes(5), Duration.ofMinutes(5));
    TaskWatcher watcher = waitsWorker(10, true);
    SnapshotWait wait = snapshotOf("ecs-web-01-sys", null, 1);
    WorkflowStub run = startAwaits("cancelled", List.of(wait), List.of());
    await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(20)).until(() -> watcher.size() == 1);

    run.cancel();
    // The workflow does not wait for the wait (TRY_CANCEL); the watcher hears of the cancel at its
    // next heartbeat (within a third of the heartbeat timeout here) and reports it.
    assertThat(catchThrowableOfType(() -> result(run, Duration.ofSeconds(10)), WorkflowFailedException.class))
        .hasCauseInstanceOf(CanceledFailure.class);
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> watcher.size() == 0);
    assertThat(cloud.getSnapshot(T, wait.snapshotId()).status()).as("nothing changed in the cloud").isEqualTo("creating");
  }

  @Test
  void aWaitStopsWhenTheImageIsDeleted() throws Exception { // F11a
    start(Duration.ofMinutes(5), Duration.ofMinutes(5));
    waitsWorker(10, true);
    String imageId = imageOf("ecs-web-01");
    SnapshotWait wait = snapshotOf("ecs-web-01-sys", imageId, 1);
    WorkflowStub run = startAwaits("image-deleted", List.of(wait), List.of());
    await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
        .until(() -> run.describe().getRawDescription().getPendingActivitiesCount() == 1);

    long t0 = System.nanoTime();
    cloud.deleteImage(T, imageId, false, "user-delete");
    ApplicationFailure f = failureOf(run);
    assertThat(f.getType()).isEqualTo(FailureType.IMAGE_DELETED.name());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aSnapshotThatEndsInErrorFailsItsWaitSnapshotFailed() throws Exception { // F14
    start(Duration.ofSeconds(2), Duration.ofSeconds(2));
    waitsWorker(10, true);
    new EmulatorAdmin(URI.create(emulator.baseUrl()), "tok-admin")
        .faults(Map.of("create_snapshot", Map.of("p_task_error", 1.0)));
    SnapshotWait wait = snapshotOf("ecs-web-01-sys", null, 1);
    ApplicationFailure f = failureOf(startAwaits("snapshot-error", List.of(wait), List.of()));
    assertThat(f.getType()).isEqualTo(FailureType.SNAPSHOT_FAILED.name());
    assertThat(f.getOriginalMessage()).contains(wait.snapshotId()).contains("error");
  }

  @Test
  void aBackupIsAwaitedLikeASnapshotAndAnsweredWithItsSize() throws Exception { // F7
    start(Duration.ofMillis(200), Duration.ofSeconds(3));
    TaskWatcher watcher = waitsWorker(10, true);
    List<String> snapshots = new ArrayList<>();
    for (var disk : cloud.getServer(T, "ecs-web-01").disksSystemFirst()) {
      snapshots.add(snapshotOf(disk.id(), null, 1).snapshotId());
    }
    for (String s : snapshots) {
      while (!cloud.waitForSnapshot(T, s, Duration.ofSeconds(5)).isAvailable()) {
        Thread.onSpinWait();
      }
    }
    String backupId = cloud.createBackup(T, "ecs-web-01", "vault-backup", snapshots, "b", null, "k-backup").id();
    WorkflowStub run = startAwaits("backup", List.of(), List.of(new BackupWait(T, null, "ecs-web-01", backupId)));
    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).until(() -> watcher.size() == 1);
    assertThat(result(run, Duration.ofSeconds(20))).containsExactly(backupId + " 240 GiB");
  }

  @Test
  void aSnapshotAlreadyTakenIsAnsweredByTheActivityItself() throws Exception {
    start(Duration.ofMillis(100), Duration.ofMillis(100));
    TaskWatcher watcher = waitsWorker(10, true);
    SnapshotWait wait = snapshotOf("ecs-web-01-sys", null, 1);
    Thread.sleep(300);
    AtomicBoolean held = new AtomicBoolean();
    WorkflowStub run = startAwaits("taken", List.of(wait), List.of());
    while (!run.describe().getStatus().name().endsWith("COMPLETED")) {
      held.compareAndSet(false, watcher.size() > 0);
      Thread.sleep(5);
    }
    assertThat(result(run, Duration.ofSeconds(5))).containsExactly(wait.snapshotId());
    assertThat(held).isFalse();
  }

  static ApplicationFailure failureOf(WorkflowStub run) {
    WorkflowFailedException e =
        catchThrowableOfType(() -> result(run, Duration.ofSeconds(30)), WorkflowFailedException.class);
    assertThat(e).as("the workflow failed").isNotNull();
    Throwable cause = e.getCause();
    assertThat(cause).isInstanceOf(ActivityFailure.class);
    return (ApplicationFailure) cause.getCause();
  }

  /** Awaits every snapshot and backup named at once, on the waits' task queue. */
  @WorkflowInterface
  public interface AwaitAll {
    @WorkflowMethod
    List<String> awaitAll(List<SnapshotWait> snapshots, List<BackupWait> backups);
  }

  public static class AwaitAllImpl implements AwaitAll {
    /** As the creation's waits (StepOptions.await), with a short heartbeat timeout. */
    private static final ActivityOptions OPTIONS =
        ActivityOptions.newBuilder()
            .setTaskQueue(WAITS)
            .setStartToCloseTimeout(Duration.ofMinutes(10))
            .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
            .setRetryOptions(RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(200))
                .setMaximumInterval(Duration.ofSeconds(1))
                .setDoNotRetry(FailureType.names())
                .build())
            .setCancellationType(ActivityCancellationType.TRY_CANCEL)
            .build();

    private final SnapshotActivities snapshots = Workflow.newActivityStub(SnapshotActivities.class, OPTIONS);
    private final BackupActivities backups = Workflow.newActivityStub(BackupActivities.class, OPTIONS);

    @Override
    public List<String> awaitAll(List<SnapshotWait> snapshotWaits, List<BackupWait> backupWaits) {
      List<Promise<String>> all = new ArrayList<>();
      for (SnapshotWait w : snapshotWaits) {
        all.add(Async.function(snapshots::awaitSnapshot, w).thenApply(r -> r.snapshotId()));
      }
      for (BackupWait w : backupWaits) {
        all.add(Async.function(backups::awaitBackup, w).thenApply(r -> r.backupId() + " " + r.sizeGib() + " GiB"));
      }
      List<String> out = new ArrayList<>();
      for (Promise<String> p : all) {
        out.add(p.get());
      }
      return out;
    }
  }
}
