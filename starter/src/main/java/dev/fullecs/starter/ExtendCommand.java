package dev.fullecs.starter;

import dev.fullecs.contract.MaintenanceWindow;
import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.FullEcsImageWorkflow;
import io.temporal.client.WorkflowUpdateException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "extend",
    mixinStandardHelpOptions = true,
    description = "Extend a running creation's maintenance window by DURATION (30m, 2h, PT1H).")
final class ExtendCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "ID", description = "Workflow id or request id of the creation.")
  String id;

  @Parameters(index = "1", paramLabel = "DURATION", description = "How much longer: 30m, 2h, 1h30m, PT1H.")
  String duration;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    Durations.parse(duration, "DURATION");
    Creations creations = new Creations(session.temporal(), session.tenant);
    String workflowId = creations.named(id).filter(f -> Creations.isOpen(f.description()))
        .map(Creations.Found::workflowId)
        .orElseThrow(() -> StarterException.refused("there is no running creation " + creations.idFor(id)));
    CreationProgress progress;
    try {
      progress = session.temporal().newWorkflowStub(FullEcsImageWorkflow.class, workflowId)
          .extendMaintenanceWindow(duration);
    } catch (WorkflowUpdateException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String why = cause instanceof io.temporal.failure.ApplicationFailure
          ? ((io.temporal.failure.ApplicationFailure) cause).getOriginalMessage() : cause.getMessage();
      throw StarterException.refused("the creation refused the extension: " + why);
    }
    PrintWriter out = spec.commandLine().getOut();
    String left = progress.maintenanceWindowLeftMillis() == null ? "no window"
        : MaintenanceWindow.format(Duration.ofMillis(progress.maintenanceWindowLeftMillis())) + " left";
    if (global.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("workflow_id", workflowId);
      m.put("extended_by", duration);
      m.put("maintenance_window", progress.maintenanceWindow());
      m.put("maintenance_window_left_millis", progress.maintenanceWindowLeftMillis());
      out.println(Json.write(m));
    } else {
      out.println("maintenance window of " + workflowId + " extended by " + duration
          + ": now " + progress.maintenanceWindow() + ", " + left);
    }
    out.flush();
    return ExitCodes.DONE;
  }
}
