package dev.fullecs.workflows.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fullecs.contract.FailureType;
import dev.fullecs.provision.ProvisionActivities;
import dev.fullecs.provision.ProvisionTarget;
import dev.fullecs.contract.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** F18 in the workflow: validation first, concurrent idempotent creates, cleanup on failure and cancel. */
class ProvisionFromImageWorkflowTest {
  private static final String QUEUE = "provision-test";

  /** A cloud of servers keyed by idempotency key, in memory. */
  static class Fake implements ProvisionActivities {
    final Map<String, String> byKey = new ConcurrentHashMap<>();
    final Set<String> live = ConcurrentHashMap.newKeySet();
    final Set<String> deleted = ConcurrentHashMap.newKeySet();
    final AtomicInteger creating = new AtomicInteger();
    final AtomicInteger maxConcurrentCreates = new AtomicInteger();
    volatile String refuseAz;
    volatile String failName;
    volatile CountDownLatch waitBlocks;
    volatile CountDownLatch allBuilding;

    @Override
    public ProvisionTarget checkImage(String tenant, String imageId, String az) {
      if (az.equals(refuseAz)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "image " + imageId + " is available in cn-north-4a only, not in " + az, FailureType.VALIDATION_FAILED.name());
      }
      return new ProvisionTarget(imageId, "cn-north-4", List.of("cn-north-4a"), 3);
    }

    @Override
    public String createServer(String tenant, String name, String imageId, String az, String key) {
      if (name.equals(failName)) {
        throw ApplicationFailure.newNonRetryableFailure("quota exceeded for " + name, FailureType.CLOUD_REJECTED.name());
      }
      int now = creating.incrementAndGet();
      maxConcurrentCreates.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        creating.decrementAndGet();
      }
      return make(key, name);
    }

    /** As the cloud's idempotency does: the first call with a key makes the server, later ones return it. */
    private String make(String key, String name) {
      String id = "ecs-" + name;
      if (byKey.putIfAbsent(key, id) == null) {
        live.add(id);
      }
      if (allBuilding != null) {
        allBuilding.countDown();
      }
      return id;
    }

    @Override
    public String waitRunning(String tenant, String serverId) {
      CountDownLatch block = waitBlocks;
      if (block != null) {
        try {
          block.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      return "RUNNING";
    }

    @Override
    public void deleteServer(String tenant, String serverId, String key) {
      live.remove(serverId);
      deleted.add(serverId);
    }

    @Override
    public void deleteServerMadeByKey(String tenant, String name, String imageId, String az, String createKey, String deleteKey) {
      if (name.equals(failName)) {
        return; // the cloud refuses this create again: it made nothing
      }
      deleteServer(tenant, make(createKey, name), deleteKey);
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  private void start(Fake fake) {
    env = TestWorkflowEnvironment.newInstance();
    for (var key : SearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ProvisionFromImageWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  private ProvisionFromImageWorkflow stub(String id) {
    return client.newWorkflowStub(ProvisionFromImageWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
  }

  private static ProvisionRequest request(String az, int count) {
    return new ProvisionRequest("tenant-a", "img-1", az, count, "web-clone", "req-1");
  }

  @Test
  void createsEveryServerConcurrentlyAndReportsEachRunning() { // F18
    Fake fake = new Fake();
    start(fake);
    ProvisionResult result = stub("p-1").provision(request("cn-north-4a", 3));
    assertThat(result.servers()).extracting(ServerProgress::state).containsOnly("RUNNING");
    assertThat(result.servers()).extracting(ServerProgress::serverId)
        .containsExactly("ecs-web-clone-1", "ecs-web-clone-2", "ecs-web-clone-3");
    assertThat(fake.maxConcurrentCreates.get()).as("creates overlap").isGreaterThan(1);
    assertThat(fake.byKey).hasSize(3);
    assertThat(fake.byKey.keySet()).allMatch(k -> k.startsWith("p-1/"));
    assertThat(fake.live).hasSize(3);
    // the Web UI's "current details": one row per server
    WorkflowMetadata metadata = client.newUntypedWorkflowStub("p-1")
        .query("__temporal_workflow_metadata", WorkflowMetadata.class);
    assertThat(metadata.getCurrentDetails()).contains("| web-clone-2 | ecs-web-clone-2 | RUNNING |");
  }

  @Test
  void refusalAtValidationCreatesNothing() { // F18
    Fake fake = new Fake();
    fake.refuseAz = "cn-north-4b";
    start(fake);
    WorkflowFailedException e = catchThrowableOfType(
        () -> stub("p-2").provision(request("cn-north-4b", 2)), WorkflowFailedException.class);
    ApplicationFailure cause = (ApplicationFailure) e.getCause().getCause();
    assertThat(cause.getType()).isEqualTo("VALIDATION_FAILED");
    assertThat(cause.getOriginalMessage()).contains("available in cn-north-4a only");
    assertThat(fake.byKey).isEmpty();
  }

  @Test
  void aPermanentFailureOfOneServerDeletesTheOthers() throws Exception { // F18, F14
    Fake fake = new Fake();
    fake.failName = "web-clone-2";
    fake.waitBlocks = new CountDownLatch(1);
    start(fake);
    WorkflowFailedException e = catchThrowableOfType(
        () -> stub("p-3").provision(request("cn-north-4a", 3)), WorkflowFailedException.class);
    assertThat(e.getCause().getCause().getMessage()).contains("quota exceeded for web-clone-2");
    fake.waitBlocks.countDown();
    Thread.sleep(300); // creates that were in flight at the cancel return the server already deleted
    assertThat(fake.live).isEmpty();
    assertThat(fake.deleted).containsExactlyInAnyOrder("ecs-web-clone-1", "ecs-web-clone-3");
  }

  @Test
  void cancellingDeletesTheServersCreatedAndShowsItInProgress() throws Exception { // F18
    Fake fake = new Fake();
    fake.waitBlocks = new CountDownLatch(1);
    fake.allBuilding = new CountDownLatch(2);
    start(fake);
    ProvisionFromImageWorkflow wf = stub("p-4");
    WorkflowClient.start(wf::provision, request("cn-north-4a", 2));
    assertThat(fake.allBuilding.await(20, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 100 && !wf.progress().stream().allMatch(p -> "BUILDING".equals(p.state())); i++) {
      Thread.sleep(50);
    }
    assertThat(wf.progress()).extracting(ServerProgress::state).containsOnly("BUILDING");
    WorkflowStub.fromTyped(wf).cancel();
    WorkflowFailedException e = catchThrowableOfType(
        () -> WorkflowStub.fromTyped(wf).getResult(ProvisionResult.class), WorkflowFailedException.class);
    assertThat(e.getCause()).isInstanceOf(CanceledFailure.class);
    fake.waitBlocks.countDown();
    assertThat(fake.live).isEmpty();
    assertThat(fake.deleted).containsExactlyInAnyOrder("ecs-web-clone-1", "ecs-web-clone-2");
    assertThat(wf.progress()).extracting(ServerProgress::state).containsOnly("DELETED");
  }
}
