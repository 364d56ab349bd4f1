package dev.fullecs.starter.temporal;

import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.SearchAttributes;
import dev.fullecs.starter.ExitCodes;
import dev.fullecs.starter.StarterException;
import dev.fullecs.workflows.provision.ProvisionFromImageWorkflow;
import dev.fullecs.workflows.provision.ProvisionRequest;
import dev.fullecs.workflows.provision.ProvisionResult;
import dev.fullecs.workflows.provision.ReplicateImageWorkflow;
import dev.fullecs.workflows.provision.ServerProgress;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TerminatedFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The starter's calls to Temporal about what users do with an image once it exists: provisioning
 * clones (F18) and cross-region replication (F20). Both start idempotently by request id, as a
 * creation does (F16): the same id returns the running or completed workflow, and is refused for
 * a different request.
 */
public final class ImageUses {
  private final WorkflowClient client;
  private final String tenant;
  private final Creations creations;

  public ImageUses(WorkflowClient client, String tenant) {
    this.client = client;
    this.tenant = tenant;
    this.creations = new Creations(client, tenant);
  }

  /** How a provisioning or replication ended; {@code result} is a ProvisionResult or the replica id. */
  public record Ending(String workflowId, String runId, String status, int exitCode, Object result,
      String failureType, String message) {}

  /** What {@link #startProvision} and {@link #startReplicate} answer: the run to follow. */
  public record Run(String workflowId, String runId) {}

  /** Starts the provisioning, or returns the run that already has this request id. */
  public Run startProvision(ProvisionRequest r, String imageName) {
    String workflowId = RequestKind.PROVISIONING.workflowId(tenant, r.clientRequestId());
    String digest = RequestDigest.of(r);
    String what = r.count() + (r.count() == 1 ? " ECS" : " ECSs") + " from full-ECS image "
        + (imageName == null ? r.imageId() : imageName + " (" + r.imageId() + ")") + " in " + r.az();
    WorkflowOptions options = options(workflowId)
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.TENANT_ID, tenant)
            .set(SearchAttributes.IMAGE_ID, r.imageId())
            .build())
        .setStaticSummary("Provision " + what)
        .setStaticDetails("servers **" + r.namePrefix() + "-1.." + r.count() + "**, system disk and every data"
            + " disk restored from image " + r.imageId() + ", tenant " + tenant + ", AZ " + r.az())
        .build();
    ProvisionFromImageWorkflow wf = client.newWorkflowStub(ProvisionFromImageWorkflow.class, options);
    return startOnce(RequestKind.PROVISIONING, r.clientRequestId(), digest,
        () -> WorkflowClient.start(wf::provision, r).getRunId());
  }

  /** Starts the replication, or returns the run that already has this request id. */
  public Run startReplicate(String imageId, String imageName, String region, String requestId) {
    String workflowId = RequestKind.REPLICATION.workflowId(tenant, requestId);
    String digest = RequestDigest.ofReplication(tenant, imageId, region);
    String image = imageName == null ? imageId : imageName + " (" + imageId + ")";
    WorkflowOptions options = options(workflowId)
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.TENANT_ID, tenant)
            .set(SearchAttributes.IMAGE_ID, imageId)
            .set(SearchAttributes.REGION, region)
            .build())
        .setStaticSummary("Replicate full-ECS image " + image + " to " + region)
        .setStaticDetails("image **" + image + "** copied to region " + region + ", tenant " + tenant)
        .build();
    ReplicateImageWorkflow wf = client.newWorkflowStub(ReplicateImageWorkflow.class, options);
    return startOnce(RequestKind.REPLICATION, requestId, digest,
        () -> WorkflowClient.start(wf::replicate, tenant, imageId, region).getRunId());
  }

  private WorkflowOptions.Builder options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(ImageWorkflows.TASK_QUEUE)
        .setWorkflowId(workflowId)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY);
  }

  /**
   * F16 for these workflows: a request id names one request, whoever started it. Returns the run
   * of this request id that is running or completed (the one to follow), or empty if a new run may
   * start (none yet, or the last one failed or was cancelled).
   */
  private Optional<Run> existingRun(RequestKind kind, String requestId, String digest) {
    Optional<Creations.Found> found = creations.byRequestId(kind, requestId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String workflowId = found.get().workflowId();
    String runId = found.get().description().getExecution().getRunId();
    creations.requireSameRequest(kind, workflowId, runId, digest, requestId);
    WorkflowExecutionStatus status = found.get().description().getStatus();
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      return Optional.of(new Run(workflowId, runId));
    }
    return Optional.empty();
  }

  /** Starts it unless this request id already has a running or completed run; returns the run. */
  private Run startOnce(RequestKind kind, String requestId, String digest, Supplier<String> start) {
    Optional<Run> existing = existingRun(kind, requestId, digest);
    if (existing.isPresent()) {
      return existing.get();
    }
    String workflowId = kind.workflowId(tenant, requestId);
    String runId;
    try {
      runId = start.get();
    } catch (WorkflowExecutionAlreadyStarted e) {
      // another starter won the race with the same request id, and that run already ended
      return existingRun(kind, requestId, digest)
          .orElseThrow(() -> StarterException.refused("request id " + requestId + " is already in use"));
    }
    // the start may have joined a run another request won a race with (USE_EXISTING)
    creations.requireSameRequest(kind, workflowId, runId, digest, requestId);
    return new Run(workflowId, runId);
  }

  /**
   * The kind of workflow an id names by its prefix ({@code provision:}, {@code replicate:}); empty
   * for a creation's id or a request id.
   */
  public static Optional<RequestKind> kindOf(String id) {
    if (id.startsWith(ImageWorkflows.PROVISION_ID_PREFIX)) {
      return Optional.of(RequestKind.PROVISIONING);
    }
    if (id.startsWith(ImageWorkflows.REPLICATE_ID_PREFIX)) {
      return Optional.of(RequestKind.REPLICATION);
    }
    return Optional.empty();
  }

  /**
   * The provisioning or replication a user names: by its workflow id, or by its request id (F16).
   * Empty if there is none; another tenant's is refused (F22).
   */
  public Optional<Creations.Found> named(RequestKind kind, String id) {
    String prefix = kind == RequestKind.PROVISIONING ? ImageWorkflows.PROVISION_ID_PREFIX : ImageWorkflows.REPLICATE_ID_PREFIX;
    String owner = ImageWorkflows.tenantOf(prefix, id);
    if (owner != null) {
      if (!owner.equals(tenant)) {
        throw StarterException.refused(kind.noun + " " + id + " does not belong to tenant " + tenant);
      }
      return creations.describe(id).map(d -> new Creations.Found(id, d));
    }
    return ImageWorkflows.REQUEST_ID.matcher(id).matches() ? creations.byRequestId(kind, id) : Optional.empty();
  }

  /** What a provisioning was started for: its request, read from its run's own input. */
  public ProvisionRequest provisionRequest(String workflowId, String runId) {
    return creations.input(workflowId, runId).arg(0, ProvisionRequest.class);
  }

  /** What a replication was started for: {@code [tenant, image id, region]}, from its run's own input. */
  public List<String> replicationRequest(String workflowId, String runId) {
    RunInput input = creations.input(workflowId, runId);
    return java.util.Arrays.asList(input.arg(0, String.class), input.arg(1, String.class), input.arg(2, String.class));
  }

  /** The servers of a provisioning: its progress query, else (no worker answers) its result once it completed. */
  public List<ServerProgress> servers(String workflowId, String runId) {
    Optional<List<ServerProgress>> progress = provisionProgress(workflowId);
    if (progress.isPresent()) {
      return progress.get();
    }
    return await(workflowId, runId, ProvisionResult.class, Instant.now().plusSeconds(1), Duration.ofSeconds(1), () -> false)
        .map(e -> e.result() instanceof ProvisionResult r ? r.servers() : List.<ServerProgress>of())
        .orElse(List.of());
  }

  /** The replica's id: the query, else (no worker answers) the result once the replication completed. */
  public Optional<String> replica(String workflowId, String runId) {
    Optional<String> replica = replicaId(workflowId);
    if (replica.isPresent()) {
      return replica;
    }
    return await(workflowId, runId, String.class, Instant.now().plusSeconds(1), Duration.ofSeconds(1), () -> false)
        .map(e -> e.result() instanceof String s ? s : null);
  }

  /** Provisioning progress per server, or empty when no worker answers the query. */
  public Optional<List<ServerProgress>> provisionProgress(String workflowId) {
    try {
      return Optional.ofNullable(client.newWorkflowStub(ProvisionFromImageWorkflow.class, workflowId).progress());
    } catch (WorkflowException | StatusRuntimeException e) {
      return Optional.empty();
    }
  }

  /** The replica's id once the cloud accepted the replication, or empty. */
  public Optional<String> replicaId(String workflowId) {
    try {
      return Optional.ofNullable(client.newWorkflowStub(ReplicateImageWorkflow.class, workflowId).replicaId());
    } catch (WorkflowException | StatusRuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Waits until the run ends, {@code until} passes, or {@code tick} (called between polls) says
   * to stop waiting.
   *
   * @return empty if it is still running then
   */
  public <R> Optional<Ending> await(String workflowId, String runId, Class<R> resultType, Instant until,
      Duration poll, BooleanSupplier tick) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId, Optional.ofNullable(runId), Optional.empty());
    while (true) {
      long left = Duration.between(Instant.now(), until).toMillis();
      if (left <= 0) {
        return Optional.empty();
      }
      try {
        R result = stub.getResult(Math.min(left, poll.toMillis()), TimeUnit.MILLISECONDS, resultType);
        return Optional.of(new Ending(workflowId, stub.getExecution().getRunId(), "COMPLETED", ExitCodes.DONE,
            result, null, null));
      } catch (TimeoutException e) {
        if (!tick.getAsBoolean()) {
          return Optional.empty();
        }
      } catch (WorkflowFailedException e) {
        return Optional.of(failed(workflowId, e));
      }
    }
  }

  private static Ending failed(String workflowId, WorkflowFailedException e) {
    String runId = e.getExecution().getRunId();
    ApplicationFailure application = Creations.findCause(e, ApplicationFailure.class);
    if (application != null) {
      boolean refused = FailureType.VALIDATION_FAILED.name().equals(application.getType());
      return new Ending(workflowId, runId, refused ? "REFUSED" : "FAILED",
          refused ? ExitCodes.REFUSED : ExitCodes.FAILED, null, application.getType(),
          application.getOriginalMessage());
    }
    if (Creations.findCause(e, CanceledFailure.class) != null) {
      return new Ending(workflowId, runId, "CANCELED", ExitCodes.CANCELLED, null, null, "it was cancelled");
    }
    if (Creations.findCause(e, TerminatedFailure.class) != null) {
      return new Ending(workflowId, runId, "TERMINATED", ExitCodes.FAILED, null, null, "it was terminated");
    }
    return new Ending(workflowId, runId, "FAILED", ExitCodes.FAILED, null, null, e.getMessage());
  }

  /** Prints what changed since the last call: one line per server whose state changed. */
  public static Consumer<List<ServerProgress>> changes(java.io.PrintWriter out) {
    Map<Integer, String> seen = new java.util.HashMap<>();
    return servers -> {
      for (ServerProgress p : servers) {
        String now = p.state() + "/" + p.serverId();
        if (!now.equals(seen.put(p.index(), now)) && !"PENDING".equals(p.state())) {
          out.println("  " + p.name() + "  " + (p.serverId() == null ? "-" : p.serverId()) + "  " + p.state());
          out.flush();
        }
      }
    };
  }
}
