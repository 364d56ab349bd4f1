package dev.fullecs.starter.commands;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.Violation;
import dev.fullecs.starter.ExitCodes;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.StarterException;
import dev.fullecs.starter.config.Converters;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.config.RequestOptions;
import dev.fullecs.starter.render.Output;
import dev.fullecs.starter.temporal.Creations;
import dev.fullecs.starter.temporal.Follower;
import dev.fullecs.starter.temporal.Outcome;
import dev.fullecs.starter.temporal.RequestDigest;
import dev.fullecs.starter.temporal.RequestIds;
import dev.fullecs.starter.temporal.RequestKind;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    header = "Create a full-ECS image of an ECS (or from a CBR backup).",
    description = "Validates, locks the ECS, snapshots every disk, backs the ECS up into the vault, makes the"
        + " image NORMAL in the region and unlocks. Refused (exit 2) when the request breaks a rule;"
        + " nothing changes then. The same --request-id again returns the same creation; after it"
        + " failed or was cancelled, it starts a fresh attempt (F16).")
public final class CreateCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin RequestOptions request;

  @Option(names = "--wait", description = "Follow the creation until it ends, with live progress.")
  boolean wait;

  private Output output;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "8d",
      converter = Converters.DurationConverter.class,
      description = "With --wait: give up following after this long. Default: ${DEFAULT-VALUE}.")
  Converters.DurationArg timeout;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    output = Output.of(spec, global.output, root.context);
    Duration followFor = timeout.value();
    String requestId = RequestIds.orNew(request.requestId);
    CreateImageRequest r = request.toRequest(session.tenant, requestId);
    String workflowId = ImageWorkflows.workflowId(session.tenant, requestId);
    String digest = RequestDigest.of(r);
    Creations creations = new Creations(session.temporal(), session.tenant);

    Optional<Integer> existing = existing(session, creations, requestId, digest, followFor);
    if (existing.isPresent()) {
      return existing.get();
    }
    List<Violation> violations = Validation.violations(session, r, workflowId);
    if (!violations.isEmpty()) {
      return output.show(new Refusal(workflowId, violations));
    }
    String runId;
    try {
      runId = creations.start(r, workflowId);
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Another starter won the race with the same request id, and that creation already ended.
      return existing(session, creations, requestId, digest, followFor)
          .orElseThrow(() -> StarterException.refused("request id " + requestId + " is already in use"));
    }
    // F16: the start may have joined a creation another request won a race with (USE_EXISTING).
    creations.requireSameRequest(RequestKind.CREATION, workflowId, runId, digest, requestId);
    if (creations.workerPolls().filter(polls -> !polls).isPresent()) {
      output.warning("no worker polls task queue " + ImageWorkflows.TASK_QUEUE
          + "; the creation waits until one starts (java -jar worker/target/worker.jar)");
    }
    output.progress("started creation " + workflowId + " (request id " + requestId + ", run " + runId + ")");
    return finish(session, creations, workflowId, runId, r.serverId(), followFor);
  }

  /**
   * F16: this request id already has a creation (whoever started it). A different request is
   * refused; a running or completed one is returned; after a failure or a cancel, empty: a fresh
   * attempt starts.
   */
  private Optional<Integer> existing(Session session, Creations creations, String requestId, String digest,
      Duration followFor) {
    Optional<Creations.Found> found = creations.byRequestId(RequestKind.CREATION, requestId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String workflowId = found.get().workflowId();
    WorkflowExecutionDescription d = found.get().description();
    creations.requireSameRequest(RequestKind.CREATION, workflowId, d.getExecution().getRunId(), digest, requestId);
    WorkflowExecutionStatus status = d.getStatus();
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      output.progress("request id " + requestId + " is creation " + workflowId + " ("
          + Creations.statusName(status).toLowerCase() + "): returning it");
      return Optional.of(finish(session, creations, workflowId, d.getExecution().getRunId(),
          request.server, followFor));
    }
    return Optional.empty();
  }

  private int finish(
      Session session, Creations creations, String workflowId, String runId, String serverId,
      Duration followFor) {
    Optional<WorkflowExecutionDescription> now = creations.describe(workflowId);
    boolean closed = now.isPresent() && !Creations.isOpen(now.get());
    if (!wait && !closed) {
      return output.show(new Started(workflowId, runId, "RUNNING", ExitCodes.DONE));
    }
    Outcome outcome = Follower.follow(session, creations, workflowId, output.creationProgress(), followFor);
    return output.show(CreationReport.of(session, outcome, serverId));
  }

  /** A creation started (or found running) and not followed: how to follow it. */
  public record Started(String workflowId, String runId, String status, int exitCode) implements Output.Result {}
}
