package dev.fullecs.workflows.provision;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * F20: replicate a region-wide full-ECS image to another region and wait until the replica is
 * NORMAL. Its workflow id is {@code ImageWorkflows.replicateWorkflowId(tenant, request id)}.
 */
@WorkflowInterface
public interface ReplicateImageWorkflow {
  /** @return the replica's id, NORMAL in {@code region} */
  @WorkflowMethod
  String replicate(String tenant, String imageId, String region);

  /** The replica's id once the cloud accepted the replication (its refusals come before), else null. */
  @QueryMethod
  String replicaId();
}
