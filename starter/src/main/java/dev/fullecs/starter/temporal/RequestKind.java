package dev.fullecs.starter.temporal;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.workflows.provision.ProvisionRequest;
import java.util.function.BinaryOperator;

/**
 * What the starter starts by client request id (F16): its workflow id, the id it had before issue
 * 12, and the request a run was started for, read from the run's own input.
 */
public enum RequestKind {
  CREATION("creation", ImageWorkflows::workflowId, ImageWorkflows::legacyWorkflowId) {
    @Override
    public String digest(RunInput input) {
      CreateImageRequest r = input.arg(0, CreateImageRequest.class);
      return r == null ? NONE : RequestDigest.of(r);
    }

    @Override
    public String requestId(RunInput input) {
      CreateImageRequest r = input.arg(0, CreateImageRequest.class);
      return r == null ? NONE : r.clientRequestId();
    }
  },
  PROVISIONING("provisioning", ImageWorkflows::provisionWorkflowId, ImageWorkflows::legacyProvisionWorkflowId) {
    @Override
    public String digest(RunInput input) {
      ProvisionRequest r = input.arg(0, ProvisionRequest.class);
      return r == null ? NONE : RequestDigest.of(r);
    }

    @Override
    public String requestId(RunInput input) {
      ProvisionRequest r = input.arg(0, ProvisionRequest.class);
      return r == null ? NONE : r.clientRequestId();
    }
  },
  /** {@code replicate(tenant, imageId, region)}: its input carries no request id. */
  REPLICATION("replication", ImageWorkflows::replicateWorkflowId, ImageWorkflows::legacyReplicateWorkflowId) {
    @Override
    public String digest(RunInput input) {
      String tenant = input.arg(0, String.class);
      String imageId = input.arg(1, String.class);
      String region = input.arg(2, String.class);
      return tenant == null || imageId == null || region == null
          ? NONE : RequestDigest.ofReplication(tenant, imageId, region);
    }

    @Override
    public String requestId(RunInput input) {
      return null;
    }
  };

  /** What an input that holds no request gives: equal to no digest and no request id. */
  private static final String NONE = "";

  public final String noun;
  private final BinaryOperator<String> workflowId;
  private final BinaryOperator<String> legacyWorkflowId;

  RequestKind(String noun, BinaryOperator<String> workflowId, BinaryOperator<String> legacyWorkflowId) {
    this.noun = noun;
    this.workflowId = workflowId;
    this.legacyWorkflowId = legacyWorkflowId;
  }

  public String workflowId(String tenant, String requestId) {
    return workflowId.apply(tenant, requestId);
  }

  /** The id before issue 12: ambiguous across tenants, so a run under it must prove it is ours. */
  public String legacyWorkflowId(String tenant, String requestId) {
    return legacyWorkflowId.apply(tenant, requestId);
  }

  /** The {@link RequestDigest} of the request the run was started for. */
  abstract String digest(RunInput input);

  /** The client request id the run's input names, or null when this kind's input has none. */
  abstract String requestId(RunInput input);
}
