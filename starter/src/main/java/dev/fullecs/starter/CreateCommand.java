package dev.fullecs.starter;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.Violation;
import dev.fullecs.contract.ImageWorkflows;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Create a full-ECS image of an ECS (or from a CBR backup).",
      "Validates, locks the ECS, snapshots every disk, backs the ECS up into the vault, makes the",
      "image NORMAL in the region and unlocks. Refused (exit 2) when the request breaks a rule;",
      "nothing changes then. The same --request-id again returns the same creation; after it",
      "failed or was cancelled, it starts a fresh attempt (F16)."
    })
final class CreateCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin RequestOptions request;

  @Option(names = "--wait", description = "Follow the creation until it ends, with live progress.")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "8d",
      description = "With --wait: give up following after this long. Default: ${DEFAULT-VALUE}.")
  String timeout;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration followFor = Durations.parse(timeout, "--timeout");
    String requestId = RequestIds.orNew(request.requestId);
    CreateImageRequest r = request.toRequest(session.tenant, requestId);
    String workflowId = ImageWorkflows.workflowId(session.tenant, requestId);
    String digest = RequestDigest.of(r);
    Creations creations = new Creations(session.temporal(), session.tenant);

    Optional<Integer> existing = existing(session, creations, requestId, digest, followFor, out);
    if (existing.isPresent()) {
      return existing.get();
    }
    List<Violation> violations = Validation.violations(session, r, workflowId);
    if (!violations.isEmpty()) {
      if (global.json) {
        out.println(Json.write(Reports.refusal(workflowId, violations)));
      } else {
        Reports.refusalText(out, violations);
      }
      out.flush();
      return ExitCodes.REFUSED;
    }
    String runId;
    try {
      runId = creations.start(r, workflowId);
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Another starter won the race with the same request id, and that creation already ended.
      return existing(session, creations, requestId, digest, followFor, out)
          .orElseThrow(() -> StarterException.refused("request id " + requestId + " is already in use"));
    }
    // F16: the start may have joined a creation another request won a race with (USE_EXISTING).
    creations.requireSameRequest(RequestKind.CREATION, workflowId, runId, digest, requestId);
    if (creations.workerPolls().filter(polls -> !polls).isPresent()) {
      err.println("warning: no worker polls task queue " + ImageWorkflows.TASK_QUEUE
          + "; the creation waits until one starts (java -jar worker/target/worker.jar)");
      err.flush();
    }
    if (!global.json) {
      out.println("started creation " + workflowId + " (request id " + requestId + ", run " + runId + ")");
      out.flush();
    }
    return finish(session, creations, workflowId, runId, r.serverId(), followFor, out);
  }

  /**
   * F16: this request id already has a creation (whoever started it). A different request is
   * refused; a running or completed one is returned; after a failure or a cancel, empty: a fresh
   * attempt starts.
   */
  private Optional<Integer> existing(Session session, Creations creations, String requestId, String digest,
      Duration followFor, PrintWriter out) {
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
      if (!global.json) {
        out.println("request id " + requestId + " is creation " + workflowId + " ("
            + Creations.statusName(status).toLowerCase() + "): returning it");
        out.flush();
      }
      return Optional.of(finish(session, creations, workflowId, d.getExecution().getRunId(),
          request.server, followFor, out));
    }
    return Optional.empty();
  }

  private int finish(
      Session session, Creations creations, String workflowId, String runId, String serverId,
      Duration followFor, PrintWriter out) {
    Optional<WorkflowExecutionDescription> now = creations.describe(workflowId);
    boolean closed = now.isPresent() && !Creations.isOpen(now.get());
    if (!wait && !closed) {
      if (global.json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflow_id", workflowId);
        m.put("run_id", runId);
        m.put("status", "RUNNING");
        m.put("exit_code", ExitCodes.DONE);
        out.println(Json.write(m));
      } else {
        out.println("follow it with: fullecs watch " + workflowId);
      }
      out.flush();
      return ExitCodes.DONE;
    }
    Outcome outcome = Follower.follow(session, creations, workflowId,
        ProgressDisplay.forOutput(out, root.context.terminal(), global.json), followFor);
    if (global.json) {
      out.println(Json.write(Reports.outcome(session, outcome, serverId)));
    } else {
      Reports.outcomeText(out, session, outcome, serverId);
    }
    out.flush();
    return outcome.exitCode();
  }
}
