package dev.fullecs.starter;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionDescription;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancel a running creation and print what was retained.",
      "F11: the image is deleted, the ECS unlocked, and every snapshot and the CBR backup are",
      "kept. Waits for the cleanup. Exit 0 when the creation ended cancelled, 2 when it had",
      "already ended otherwise."
    })
final class CancelCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Workflow id or request id of the creation.")
  String id;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
      description = "How long to wait for the cleanup. Default: ${DEFAULT-VALUE}.")
  String timeout;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    String workflowId = session.workflowId(id);
    Creations creations = new Creations(session.temporal(), session.tenant);
    WorkflowExecutionDescription d = creations.describe(workflowId)
        .orElseThrow(() -> StarterException.refused("there is no creation " + workflowId));
    if (d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      session.temporal().newUntypedWorkflowStub(workflowId).cancel("cancelled with the starter");
    } else if (d.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED) {
      throw StarterException.refused("creation " + workflowId + " already ended "
          + Creations.statusName(d.getStatus()) + "; there is nothing to cancel"
          + (d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
              ? " (delete the image through the image API if you do not want it)" : ""));
    }
    Outcome outcome = creations.awaitOutcome(workflowId, d.getExecution().getRunId(),
        Durations.parse(timeout, "--timeout").toSeconds());
    PrintWriter out = spec.commandLine().getOut();
    String serverId = d.getTypedSearchAttributes().get(dev.fullecs.workflows.SearchAttributes.ECS_ID);
    if (global.json) {
      Map<String, Object> m = Reports.outcome(session, outcome, serverId);
      out.println(Json.write(m));
    } else {
      Reports.outcomeText(out, session, outcome, serverId);
    }
    out.flush();
    if ("CANCELED".equals(outcome.status())) {
      return ExitCodes.DONE;
    }
    return outcome.exitCode() == ExitCodes.DONE ? ExitCodes.REFUSED : outcome.exitCode();
  }
}
