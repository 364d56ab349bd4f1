package dev.fullecs.starter.temporal;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.SearchAttributes;
import dev.fullecs.contract.Violation;
import dev.fullecs.starter.ExitCodes;
import dev.fullecs.starter.StarterException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** The starter's calls to Temporal about creations. */
public final class Creations {
  private static final Type VIOLATION_LIST =
      new com.fasterxml.jackson.core.type.TypeReference<List<Violation>>() {}.getType();

  /** A creation id of before issue 12 ({@code full-ecs-image-<tenant>-<request id>}). */
  private static final Pattern LEGACY_ID = Pattern.compile("full-ecs-image-[A-Za-z0-9._:-]{1,300}");

  private final WorkflowClient client;
  private final String tenant;

  public Creations(WorkflowClient client, String tenant) {
    this.client = client;
    this.tenant = tenant;
  }

  /** A workflow of this tenant that a user named, with its latest run. */
  public record Found(String workflowId, WorkflowExecutionDescription description) {}

  /** The latest run of {@code workflowId}, or empty if there is none. Another tenant's: refused. */
  public Optional<WorkflowExecutionDescription> describe(String workflowId) {
    Optional<WorkflowExecutionDescription> description = describeAnyTenant(workflowId);
    String owner = description.map(d -> d.getTypedSearchAttributes().get(SearchAttributes.TENANT_ID)).orElse(null);
    if (owner != null && !owner.equals(tenant)) {
      throw StarterException.refused("creation " + workflowId + " does not belong to tenant " + tenant);
    }
    return description;
  }

  private Optional<WorkflowExecutionDescription> describeAnyTenant(String workflowId) {
    try {
      return Optional.of(client.newUntypedWorkflowStub(workflowId).describe());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (WorkflowServiceException e) {
      if (isStatus(e, Status.Code.NOT_FOUND)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * F16, F22: the workflow of this tenant's request id: under its id, else under the id it had
   * before issue 12, which another tenant's request may share ({@code tenant} with request id
   * {@code a-x} and {@code tenant-a} with {@code x}). A run there counts only if its {@code
   * TenantId} is this tenant and its own input names this request id; otherwise it is another's
   * and neither answers nor blocks this request.
   */
  public Optional<Found> byRequestId(RequestKind kind, String requestId) {
    String workflowId = kind.workflowId(tenant, requestId);
    Optional<WorkflowExecutionDescription> current = describe(workflowId);
    if (current.isPresent()) {
      return Optional.of(new Found(workflowId, current.get()));
    }
    String legacy = kind.legacyWorkflowId(tenant, requestId);
    return describeAnyTenant(legacy)
        .filter(d -> tenant.equals(d.getTypedSearchAttributes().get(SearchAttributes.TENANT_ID)))
        .filter(d -> {
          String named = kind.requestId(input(legacy, d.getExecution().getRunId()));
          return named == null || named.equals(requestId);
        })
        .map(d -> new Found(legacy, d));
  }

  /**
   * The creation a user names: by its workflow id (this tenant's, either format) or by its request
   * id ({@link #byRequestId}). Empty if there is none; another tenant's workflow id is refused (F22).
   */
  public Optional<Found> named(String idOrRequestId) {
    String owner = ImageWorkflows.tenantOf(ImageWorkflows.WORKFLOW_ID_PREFIX, idOrRequestId);
    if (owner != null) {
      if (!owner.equals(tenant)) {
        throw StarterException.refused("creation " + idOrRequestId + " does not belong to tenant " + tenant);
      }
      return describe(idOrRequestId).map(d -> new Found(idOrRequestId, d));
    }
    Optional<Found> found = ImageWorkflows.REQUEST_ID.matcher(idOrRequestId).matches()
        ? byRequestId(RequestKind.CREATION, idOrRequestId) : Optional.empty();
    if (found.isPresent() || !LEGACY_ID.matcher(idOrRequestId).matches()) {
      return found;
    }
    // a legacy workflow id typed in full; describe refuses another tenant's
    return describe(idOrRequestId).map(d -> new Found(idOrRequestId, d));
  }

  /** What a user's id or request id is called in a message: the workflow id it stands for. */
  public String idFor(String idOrRequestId) {
    return idOrRequestId.startsWith(ImageWorkflows.WORKFLOW_ID_PREFIX) || LEGACY_ID.matcher(idOrRequestId).matches()
        ? idOrRequestId : ImageWorkflows.workflowId(tenant, idOrRequestId);
  }

  /** The input the run {@code runId} of {@code workflowId} was started with. */
  public RunInput input(String workflowId, String runId) {
    return RunInput.of(client, workflowId, runId);
  }

  /**
   * F16: a request id names one request. Refused (exit 2) if the run of {@code workflowId} was
   * started, by anyone, for a different request than the one with {@code digest}.
   */
  public void requireSameRequest(RequestKind kind, String workflowId, String runId, String digest, String requestId) {
    if (!kind.digest(input(workflowId, runId)).equals(digest)) {
      throw StarterException.refused("request id " + requestId + " was already used for a different request ("
          + kind.noun + " " + workflowId + "); use a new request id");
    }
  }

  public static Retained retainedOf(WorkflowExecutionDescription description) {
    try {
      return description.getMemo(ImageWorkflows.MEMO_RETAINED, Retained.class, Retained.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Starts the creation, or returns the running one of the same id (USE_EXISTING, which may be
   * another request's: see {@link #requireSameRequest}); a new run after a completed one is
   * refused by the server (ALLOW_DUPLICATE_FAILED_ONLY), F16.
   */
  public String start(CreateImageRequest request, String workflowId) {
    io.temporal.common.SearchAttributes.Builder attributes =
        io.temporal.common.SearchAttributes.newBuilder().set(SearchAttributes.TENANT_ID, tenant);
    setIfPresent(attributes, SearchAttributes.REGION, request.region());
    setIfPresent(attributes, SearchAttributes.IMAGE_NAME, request.imageName());
    setIfPresent(attributes, SearchAttributes.ECS_ID, request.serverId());
    String source =
        request.fromBackup() ? "CBR backup " + request.sourceBackupId() : "ECS " + request.serverId();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setTaskQueue(ImageWorkflows.TASK_QUEUE)
            .setWorkflowId(workflowId)
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
            .setTypedSearchAttributes(attributes.build())
            .setStaticSummary("Full-ECS image " + request.imageName() + " of " + source)
            .setStaticDetails(
                "image **"
                    + request.imageName()
                    + "** from "
                    + source
                    + " into vault "
                    + request.vaultId()
                    + ", tenant "
                    + tenant
                    + ", region "
                    + request.region()
                    + (request.maintenanceWindow() == null
                        ? ""
                        : ", maintenance window " + request.maintenanceWindow()))
            .build();
    FullEcsImageWorkflow workflow = client.newWorkflowStub(FullEcsImageWorkflow.class, options);
    return WorkflowClient.start(workflow::create, request).getRunId();
  }

  private static void setIfPresent(
      io.temporal.common.SearchAttributes.Builder b, SearchAttributeKey<String> key, String value) {
    if (value != null && !value.isBlank()) {
      b.set(key, value);
    }
  }

  /**
   * Whether a worker polled the task queue in the last 90 s (a live poller renews its long poll
   * every minute; the server lists a stopped one for a few minutes more). Empty if the server
   * cannot say (the in-process test server does not implement DescribeTaskQueue).
   */
  public Optional<Boolean> workerPolls() {
    try {
      long recent = System.currentTimeMillis() / 1000 - 90;
      long pollers =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .describeTaskQueue(
                  DescribeTaskQueueRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setTaskQueue(TaskQueue.newBuilder().setName(ImageWorkflows.TASK_QUEUE))
                      .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                      .build())
              .getPollersList()
              .stream()
              .filter(p -> p.getLastAccessTime().getSeconds() >= recent)
              .count();
      return Optional.of(pollers > 0);
    } catch (StatusRuntimeException e) {
      return Optional.empty();
    }
  }

  /** The progress query; empty when no worker answers (none running, or the workflow is gone). */
  public Optional<CreationProgress> progress(String workflowId) {
    try {
      return Optional.ofNullable(
          client.newWorkflowStub(FullEcsImageWorkflow.class, workflowId).progress());
    } catch (WorkflowException | StatusRuntimeException e) {
      return Optional.empty();
    }
  }

  /** Waits for the run to close (up to {@code timeoutSeconds}) and says how it ended. */
  public Outcome awaitOutcome(String workflowId, String runId, long timeoutSeconds) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId, Optional.ofNullable(runId), Optional.empty());
    try {
      CreationResult result = stub.getResult(timeoutSeconds, TimeUnit.SECONDS, CreationResult.class);
      return new Outcome(
          workflowId, stub.getExecution().getRunId(), "COMPLETED", ExitCodes.DONE, result, null,
          "image " + result.imageId() + " is " + result.imageStatus(), List.of(), null);
    } catch (TimeoutException e) {
      throw StarterException.failed(
          "creation " + workflowId + " did not finish within " + timeoutSeconds + "s; follow it with `watch`");
    } catch (WorkflowFailedException e) {
      return failedOutcome(workflowId, e);
    }
  }

  private Outcome failedOutcome(String workflowId, WorkflowFailedException e) {
    String runId = e.getExecution().getRunId();
    Retained retained = describe(workflowId).map(Creations::retainedOf).orElse(null);
    ApplicationFailure application = findCause(e, ApplicationFailure.class);
    if (findCause(e, CanceledFailure.class) != null && application == null) {
      return new Outcome(workflowId, runId, "CANCELED", ExitCodes.CANCELLED, null, null,
          "creation was cancelled", List.of(), retained);
    }
    if (findCause(e, TerminatedFailure.class) != null) {
      return new Outcome(workflowId, runId, "TERMINATED", ExitCodes.FAILED, null, null,
          "creation was terminated (the ECS may stay locked: see `unlock --force`)", List.of(), retained);
    }
    if (application == null) {
      TimeoutFailure timeout = findCause(e, TimeoutFailure.class);
      return new Outcome(workflowId, runId, timeout != null ? "TIMED_OUT" : "FAILED", ExitCodes.FAILED,
          null, null, rootMessage(e), List.of(), retained);
    }
    String type = application.getType();
    if (FailureType.VALIDATION_FAILED.name().equals(type)) {
      // F2, F3: refused by the workflow's validation or a lost lock race; nothing was changed.
      return new Outcome(workflowId, runId, Outcome.REFUSED, ExitCodes.REFUSED, null, type,
          application.getOriginalMessage(), violationsOf(application), retained);
    }
    int exit = FailureType.MAINTENANCE_WINDOW_EXCEEDED.name().equals(type)
        ? ExitCodes.WINDOW_EXCEEDED : ExitCodes.FAILED;
    return new Outcome(workflowId, runId, "FAILED", exit, null, type,
        application.getOriginalMessage(), List.of(), retained);
  }

  public static List<Violation> violationsOf(ApplicationFailure failure) {
    try {
      if (failure.getDetails().getSize() == 0) {
        return List.of();
      }
      List<Violation> list = failure.getDetails().get(0, List.class, VIOLATION_LIST);
      return list == null ? List.of() : list;
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  public static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  public static boolean isStatus(Throwable e, Status.Code code) {
    StatusRuntimeException s = findCause(e, StatusRuntimeException.class);
    return s != null && s.getStatus().getCode() == code;
  }

  public static boolean isOpen(WorkflowExecutionDescription d) {
    return d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  public static String statusName(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }
}
