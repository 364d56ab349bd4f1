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
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Duration;
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
      env.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  /** The emulator (snapshots and backups of {@code snapshot} and {@code backup}), the SDK's cloud, a worker. */
  HuaweiImageCloud start(Duration snapshot, Duration backup) {
    emulator = CloudEmulator.start(EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0)
        .fixedDurations(snapshot, backup));
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
    env.start();
    return cloud;
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

  @Test
  void aCancelWhileTheCheckpointRunsMakesNoImageKeepsTheBackupAndUnlocks() { // F11, F8 on Huawei
    HuaweiImageCloud cloud = start(Duration.ofSeconds(4), Duration.ofSeconds(6));
    FullEcsImageWorkflow workflow = workflow("huawei-cancel");
    WorkflowClient.start(workflow::create, request("huawei-cancel", "web-01-cancelled"));
    WorkflowStub run = WorkflowStub.fromTyped(workflow);
    Backup started = await(() -> backupOfTheCreation(cloud, run));
    assertThat(started.status()).isEqualTo(Backup.PROTECTING);

    run.cancel();

    try {
      assertThatThrownBy(() -> run.getResult(5, java.util.concurrent.TimeUnit.MINUTES, CreationResult.class))
          .isInstanceOf(WorkflowFailedException.class).cause().isInstanceOf(CanceledFailure.class);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nhistory: " + env.getWorkflowClient()
          .fetchHistory(run.getExecution().getWorkflowId()).toJson(true), e);
    }
    assertThat(cloud.server(TENANT, "ecs-web-01").lockHolder()).as("unlocked").isNull();
    assertThat(cloud.images(TENANT, ResourceFilter.all().withName("web-01-cancelled"))).as("IMS made no image")
        .isEmpty();
    Backup kept = await(() -> {
      Backup b = cloud.backup(TENANT, started.id());
      return Backup.PROTECTING.equals(b.status()) ? null : b;
    });
    assertThat(kept.isAvailable()).as("the checkpoint's backup is kept").isTrue();
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
