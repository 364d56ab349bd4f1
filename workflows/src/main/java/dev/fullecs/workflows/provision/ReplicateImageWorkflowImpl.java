package dev.fullecs.workflows.provision;

import dev.fullecs.provision.ReplicationActivities;
import dev.fullecs.workflows.RetryPolicies;
import dev.fullecs.contract.SearchAttributes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Request the replica (idempotent by workflow id and first run id), then wait for it. */
public class ReplicateImageWorkflowImpl implements ReplicateImageWorkflow {
  private final ReplicationActivities cloud =
      Workflow.newActivityStub(ReplicationActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).setRetryOptions(RetryPolicies.CLOUD_RETRY).build());
  // Copying an image between regions takes hours for large disks; the heartbeat shows a lost worker.
  private final ReplicationActivities waiting =
      Workflow.newActivityStub(ReplicationActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofHours(24))
              .setHeartbeatTimeout(Duration.ofSeconds(30)).setRetryOptions(RetryPolicies.CLOUD_RETRY).build());

  private String replicaId;

  @Override
  public String replicaId() {
    return replicaId;
  }

  @Override
  public String replicate(String tenant, String imageId, String region) {
    Workflow.upsertTypedSearchAttributes(
        SearchAttributeUpdate.valueSet(SearchAttributes.TENANT_ID, tenant),
        SearchAttributeUpdate.valueSet(SearchAttributes.IMAGE_ID, imageId),
        SearchAttributeUpdate.valueSet(SearchAttributes.REGION, region));
    String key = Workflow.getInfo().getWorkflowId() + "/" + Workflow.getInfo().getFirstExecutionRunId() + "/replicate";
    replicaId = cloud.requestReplica(tenant, imageId, region, key);
    waiting.waitReplicaNormal(tenant, replicaId);
    return replicaId;
  }
}
