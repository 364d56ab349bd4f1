package dev.fullecs.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.ResourceFilter;
import dev.fullecs.cloud.huaweicloud.HuaweiImageCloud;
import dev.fullecs.cloud.huaweicloud.HuaweiSettings;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.SearchAttributes;
import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import dev.fullecs.image.ImageActivities;
import dev.fullecs.image.NewImage;
import dev.fullecs.snapshot.SnapshotActivities;
import dev.fullecs.snapshot.SnapshotResult;
import dev.fullecs.snapshot.SnapshotStep;
import dev.fullecs.snapshot.SnapshotWait;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real workflow, unchanged, on the worker's activities registered with {@link
 * HuaweiImageCloud}: every cloud call goes through the official Huawei Cloud SDK to the emulator's
 * Huawei API (CBR checkpoint, IMS whole image, Nova lock). The creation ends NORMAL in the whole
 * region with the IMS image tagged with the workflow's image id, the checkpoint's backup, and the
 * server unlocked.
 */
class HuaweiModeCreationTest {
  static final String TENANT = "tenant-a";
  static final String REGION = "cn-north-4";

  @TempDir Path dir;
  CloudEmulator emulator;
  TestWorkflowEnvironment env;

  @AfterEach
  void stop() {
    if (env != null) {
      // a failed test may leave a creation running: stop the worker's activities at once instead of
      // letting close() wait for them (it hung ~15 min once after a failed assertion)
      env.shutdownNow();
      env.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      env.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  /** The emulator (snapshots and backups of {@code snapshot} and {@code backup}), the SDK's cloud, a worker. */
  HuaweiImageCloud start(Duration snapshot, Duration backup) {
    return start(snapshot, backup, Clock.systemUTC());
  }

  HuaweiImageCloud start(Duration snapshot, Duration backup, Clock cloudClock) {
    emulator = CloudEmulator.start(EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0)
        .fixedDurations(snapshot, backup).clock(cloudClock));
    HuaweiImageCloud cloud = new HuaweiImageCloud(new HuaweiSettings(REGION,
        List.of("cn-north-4a", "cn-north-4b", "cn-north-4c"), Optional.of(emulator.baseUrl()),
        Map.of(TENANT, new HuaweiSettings.Credential("EMUIMAGESVC000000001",
            "emulator-secret-key-of-image-svc-0000001", TENANT)),
        Duration.ofMillis(100), Duration.ofSeconds(10), 3, "s6.large.2"));
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    for (SearchAttributeKey<String> key : SearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    ImageWorker.register(env.getWorkerFactory(), cloud);
    env.newWorker(TEST_WORKFLOWS).registerWorkflowImplementationTypes(OldWaitsQueueImpl.class);
    env.start();
    return cloud;
  }

  static final String TEST_WORKFLOWS = "test-workflows";

  /** A snapshot started as a creation starts it, then awaited on the old waits' task queue. */
  @WorkflowInterface
  public interface OldWaitsQueue {
    @WorkflowMethod
    String snapshotThenAwaitOnTheOldQueue(String diskId);
  }

  public static class OldWaitsQueueImpl implements OldWaitsQueue {
    @Override
    public String snapshotThenAwaitOnTheOldQueue(String diskId) {
      ActivityOptions call = ActivityOptions.newBuilder()
          .setTaskQueue(ImageWorkflows.TASK_QUEUE).setStartToCloseTimeout(Duration.ofSeconds(30)).build();
      // On Huawei Cloud the image record starts the CBR checkpoint that holds the snapshots.
      Workflow.newActivityStub(ImageActivities.class, call)
          .createImageRecord(new NewImage(TENANT, "img-old-queue", "old-queue", "ecs-web-01",
              null, "vault-backup", "default", List.of(), "old queue", "old-queue-image",
              Workflow.getInfo().getWorkflowId()));
      SnapshotResult started = Workflow
          .newActivityStub(SnapshotActivities.class, call)
          .startSnapshot(new SnapshotStep(TENANT, "img-old-queue", "ecs-web-01", diskId, 40,
              "old-queue-" + diskId, "old-queue-key-" + diskId));
      ActivityOptions oldQueue = ActivityOptions.newBuilder(call)
          .setTaskQueue(ImageWorkflows.WAITS_TASK_QUEUE).setHeartbeatTimeout(Duration.ofSeconds(10)).build();
      return Workflow
          .newActivityStub(SnapshotActivities.class, oldQueue)
          .awaitSnapshot(new SnapshotWait(TENANT, "img-old-queue", diskId, started.snapshotId()))
          .snapshotId();
    }
  }

  FullEcsImageWorkflow workflow(String requestId) {
    return env.getWorkflowClient().newWorkflowStub(FullEcsImageWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(ImageWorkflows.TASK_QUEUE)
            .setWorkflowId(ImageWorkflows.workflowId(TENANT, requestId))
            .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
                .set(SearchAttributes.TENANT_ID, TENANT).build())
            .build());
  }

  static CreateImageRequest request(String requestId, String name) {
    return new CreateImageRequest(REGION, TENANT, "ecs-web-01", null,
        "vault-backup", name, "default", List.of(), "through the SDK", true, null, requestId);
  }

  /**
   * Creations started before issue 15 scheduled their waits on the old waits' task queue (and retry
   * them there after a worker is lost): the worker as registered still serves it, so they finish.
   */
  @Test
  void aWaitScheduledOnTheOldWaitsQueueStillFinishes() {
    HuaweiImageCloud cloud = start(Duration.ofMillis(300), Duration.ofMillis(600));
    String disk = cloud.server(TENANT, "ecs-web-01").disks().get(0).id();

    String snapshotId =
        env.getWorkflowClient()
            .newWorkflowStub(OldWaitsQueue.class,
                WorkflowOptions.newBuilder().setTaskQueue(TEST_WORKFLOWS)
                    .setWorkflowExecutionTimeout(Duration.ofSeconds(60)).build())
            .snapshotThenAwaitOnTheOldQueue(disk);

    assertThat(snapshotId).isNotBlank();
  }

  @Test
  void aWholeCreationRunsThroughTheSdkOnHuaweisApi() {
    HuaweiImageCloud cloud = start(Duration.ofMillis(300), Duration.ofMillis(600));

    CreationResult result = workflow("huawei-1").create(request("huawei-1", "web-01-huawei"));

    assertThat(result.imageStatus()).isEqualTo(Image.NORMAL);
    assertThat(result.availableAzs()).containsExactly("cn-north-4a", "cn-north-4b", "cn-north-4c");
    assertThat(result.snapshotIds()).hasSize(3).allSatisfy(id -> assertThat(id).startsWith(result.backupId() + ":"));
    Image image = cloud.image(TENANT, result.imageId());
    assertThat(image.status()).isEqualTo(Image.NORMAL);
    assertThat(image.name()).isEqualTo("web-01-huawei");
    assertThat(image.backupId()).isEqualTo(result.backupId());
    assertThat(cloud.backup(TENANT, result.backupId()).isAvailable()).isTrue();
    assertThat(cloud.server(TENANT, "ecs-web-01").lockHolder()).as("unlocked").isNull();
  }

  /**
   * The cancel arrives while the only activities are the three snapshot waits, and the cloud's clock
   * stands still until the creation has ended, so no activity can complete while the cancel's
   * workflow task is in flight. (Cancelling at a moment when an activity was completing made the
   * in-memory test server refuse the workflow task's RequestCancelActivityTask with
   * FAILED_PRECONDITION ACTIVITY_UNKNOWN and leave that task STARTED for good: the stall this test
   * used to show under load. See I13-NOTES.)
   */
  @Test
  void aCancelWhileTheCheckpointRunsMakesNoImageKeepsTheBackupAndUnlocks() { // F11, F8 on Huawei
    MovableClock cloudClock = new MovableClock(Instant.now());
    HuaweiImageCloud cloud = start(Duration.ofSeconds(4), Duration.ofSeconds(6), cloudClock);
    FullEcsImageWorkflow workflow = workflow("huawei-cancel");
    WorkflowClient.start(workflow::create, request("huawei-cancel", "web-01-cancelled"));
    WorkflowStub run = WorkflowStub.fromTyped(workflow);
    await(() -> onlyTheSnapshotWaitsArePending(run) ? Boolean.TRUE : null);
    Backup started = backupOfTheCreation(cloud, run);
    assertThat(started).isNotNull();
    assertThat(started.status()).isEqualTo(Backup.PROTECTING);

    run.cancel();

    try {
      assertThatThrownBy(() -> run.getResult(60, java.util.concurrent.TimeUnit.SECONDS, CreationResult.class))
          .isInstanceOf(WorkflowFailedException.class).cause().isInstanceOf(CanceledFailure.class);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nhistory: " + env.getWorkflowClient()
          .fetchHistory(run.getExecution().getWorkflowId()).toJson(true), e);
    }
    assertThat(cloud.server(TENANT, "ecs-web-01").lockHolder()).as("unlocked").isNull();
    assertThat(cloud.images(TENANT, ResourceFilter.all().withName("web-01-cancelled"))).as("IMS made no image")
        .isEmpty();
    assertThat(cloud.backup(TENANT, started.id()).status()).as("the checkpoint runs on").isEqualTo(Backup.PROTECTING);
    cloudClock.advance(Duration.ofMinutes(1));
    Backup kept = cloud.backup(TENANT, started.id());
    assertThat(kept.isAvailable()).as("the checkpoint's backup completes and is kept").isTrue();
  }

  /** The creation waits for its three disks' snapshots, and for nothing else. */
  private static boolean onlyTheSnapshotWaitsArePending(WorkflowStub run) {
    List<io.temporal.api.workflow.v1.PendingActivityInfo> pending =
        run.describe().getRawDescription().getPendingActivitiesList();
    return pending.size() == 3 && pending.stream().allMatch(p -> p.getActivityType().getName().equals("AwaitSnapshot")
        && p.getState() == io.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
  }

  /** The cloud's clock, moved only by the test. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** The backup of the checkpoint the creation started, once it exists (its image id is the workflow's). */
  private static Backup backupOfTheCreation(HuaweiImageCloud cloud, WorkflowStub run) {
    String imageId;
    try {
      imageId = run.query("progress", dev.fullecs.contract.CreationProgress.class).imageId();
    } catch (RuntimeException e) {
      return null;
    }
    return imageId == null ? null : cloud.backupMadeBy(TENANT, imageId, null).orElse(null);
  }

  private static <T> T await(java.util.function.Supplier<T> read) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      T now = read.get();
      if (now != null) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still waiting");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
