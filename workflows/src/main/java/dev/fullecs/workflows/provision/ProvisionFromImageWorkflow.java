package dev.fullecs.workflows.provision;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * F18: N ECSs from a full-ECS image, all RUNNING, or none left behind. Its workflow id is {@code
 * ImageWorkflows.provisionWorkflowId(tenant, request id)}.
 */
@WorkflowInterface
public interface ProvisionFromImageWorkflow {
  @WorkflowMethod
  ProvisionResult provision(ProvisionRequest request);

  /** Per server: its name, id once created, and state. */
  @QueryMethod
  List<ServerProgress> progress();
}
