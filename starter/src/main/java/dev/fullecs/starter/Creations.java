package dev.fullecs.starter;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.Violation;
import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.SearchAttributes;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The starter's calls to Temporal about creations. */
final class Creations {
  private static final Type VIOLATION_LIST =
      new com.fasterxml.jackson.core.type.TypeReference<List<Violation>>() {}.getType();

  private final WorkflowClient client;
  private final String tenant;

  Creations(WorkflowClient client, String tenant) {
    this.client = client;
    this.tenant = tenant;
  }

  /** The latest run of {@code workflowId}, or empty if there is none. Another tenant's: refused. */
  Optional<WorkflowExecutionDescription> describe(String workflowId) {
    WorkflowExecutionDescription description;
    try {
      description = client.newUntypedWorkflowStub(workflowId).describe();
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (WorkflowServiceException e) {
      if (isStatus(e, Status.Code.NOT_FOUND)) {
        return Optional.empty();
      }
      throw e;
    }
    String owner = description.getTypedSearchAttributes().get(SearchAttributes.TENANT_ID);
    if (owner != null && !owner.equals(tenant)) {
      throw StarterException.refused("creation " + workflowId + " does not belong to tenant " + tenant);
    }
    return Optional.of(description);
  }

  static String digestOf(WorkflowExecutionDescription description) {
    Object digest = description.getMemo(ImageWorkflows.MEMO_REQUEST_DIGEST, String.class);
    return digest == null ? null : digest.toString();
  }

  /**
   * F16: a request id names one request. Refused (exit 2) if the run {@code d} was started for a
   * different request than the one with {@code digest}; {@code what} names that run in the message.
   */
  static void requireSameRequest(WorkflowExecutionDescription d, String digest, String requestId, String what) {
    String previous = digestOf(d);
    if (previous != null && !previous.equals(digest)) {
      throw StarterException.refused("request id " + requestId + " was already used for a different request ("
          + what + "); use a new request id");
    }
  }

  static Retained retainedOf(WorkflowExecutionDescription description) {
    try {
      return description.getMemo(ImageWorkflows.MEMO_RETAINED, Retained.class, Retained.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Starts the creation, or returns the running one of the same id (USE_EXISTING); a new run
   * after a completed one is refused by the server (ALLOW_DUPLICATE_FAILED_ONLY), F16.
   */
  String start(CreateImageRequest request, String workflowId, String digest) {
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
            .setMemo(Map.of(ImageWorkflows.MEMO_REQUEST_DIGEST, digest))
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
  Optional<Boolean> workerPolls() {
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
  Optional<CreationProgress> progress(String workflowId) {
    try {
      return Optional.ofNullable(
          client.newWorkflowStub(FullEcsImageWorkflow.class, workflowId).progress());
    } catch (WorkflowException | StatusRuntimeException e) {
      return Optional.empty();
    }
  }

  /** Waits for the run to close (up to {@code timeoutSeconds}) and says how it ended. */
  Outcome awaitOutcome(String workflowId, String runId, long timeoutSeconds) {
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
    List<Violation> violations = List.of();
    int exit = ExitCodes.FAILED;
    if (FailureType.VALIDATION_FAILED.name().equals(type)) {
      exit = ExitCodes.REFUSED;
      violations = violationsOf(application);
    } else if (FailureType.MAINTENANCE_WINDOW_EXCEEDED.name().equals(type)) {
      exit = ExitCodes.WINDOW_EXCEEDED;
    }
    return new Outcome(workflowId, runId, "FAILED", exit, null, type,
        application.getOriginalMessage(), violations, retained);
  }

  static List<Violation> violationsOf(ApplicationFailure failure) {
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

  static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
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

  static boolean isStatus(Throwable e, Status.Code code) {
    StatusRuntimeException s = findCause(e, StatusRuntimeException.class);
    return s != null && s.getStatus().getCode() == code;
  }

  static boolean isOpen(WorkflowExecutionDescription d) {
    return d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  static String statusName(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }
}
