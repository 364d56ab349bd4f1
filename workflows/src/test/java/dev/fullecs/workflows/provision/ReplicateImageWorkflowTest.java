package dev.fullecs.workflows.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fullecs.contract.FailureType;
import dev.fullecs.provision.ReplicationActivities;
import dev.fullecs.contract.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** F20 in the workflow: request once by key, wait for NORMAL, refusals end it at once. */
class ReplicateImageWorkflowTest {
  private TestWorkflowEnvironment env;

  static class Fake implements ReplicationActivities {
    final List<String> keys = new CopyOnWriteArrayList<>();
    final List<String> waited = new CopyOnWriteArrayList<>();

    @Override
    public String requestReplica(String tenant, String imageId, String region, String key) {
      if (region.equals("cn-north-4")) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the cloud refused to replicate image " + imageId + ": a full-ECS image cannot be replicated within its region",
            FailureType.CLOUD_REJECTED.name());
      }
      keys.add(key);
      return "img-replica";
    }

    @Override
    public String waitReplicaNormal(String tenant, String replicaId) {
      waited.add(replicaId);
      return "NORMAL";
    }
  }

  private ReplicateImageWorkflow start(Fake fake, String id) {
    env = TestWorkflowEnvironment.newInstance();
    for (var key : SearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker worker = env.newWorker("replicate-test");
    worker.registerWorkflowImplementationTypes(ReplicateImageWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake);
    env.start();
    return env.getWorkflowClient().newWorkflowStub(ReplicateImageWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue("replicate-test").setWorkflowId(id).build());
  }

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void requestsOnceAndWaitsUntilTheReplicaIsNormal() {
    Fake fake = new Fake();
    assertThat(start(fake, "r-1").replicate("tenant-a", "img-1", "cn-east-3")).isEqualTo("img-replica");
    assertThat(fake.keys).hasSize(1).allMatch(k -> k.startsWith("r-1/") && k.endsWith("/replicate"));
    assertThat(fake.waited).containsExactly("img-replica");
  }

  @Test
  void replicationInTheSameRegionFailsWithTheCloudsReason() {
    Fake fake = new Fake();
    ReplicateImageWorkflow wf = start(fake, "r-2");
    WorkflowFailedException e = catchThrowableOfType(() -> wf.replicate("tenant-a", "img-1", "cn-north-4"), WorkflowFailedException.class);
    assertThat(e.getCause().getCause().getMessage()).contains("cannot be replicated within its region");
    assertThat(fake.waited).isEmpty();
  }
}
