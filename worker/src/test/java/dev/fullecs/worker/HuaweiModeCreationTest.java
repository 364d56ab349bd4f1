package dev.fullecs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.cloud.Image;
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
import io.temporal.client.WorkflowOptions;
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

  @Test
  void aWholeCreationRunsThroughTheSdkOnHuaweisApi() {
    emulator = CloudEmulator.start(EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0)
        .fixedDurations(Duration.ofMillis(300), Duration.ofMillis(600)));
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

    String workflowId = ImageWorkflows.workflowId(TENANT, "huawei-1");
    FullEcsImageWorkflow workflow = env.getWorkflowClient().newWorkflowStub(FullEcsImageWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(ImageWorkflows.TASK_QUEUE).setWorkflowId(workflowId)
            .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
                .set(SearchAttributes.TENANT_ID, TENANT).build())
            .build());
    CreationResult result = workflow.create(new CreateImageRequest(REGION, TENANT, "ecs-web-01", null,
        "vault-backup", "web-01-huawei", "default", List.of(), "through the SDK", true, null, "huawei-1"));

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
}
