package dev.fullecs.starter.commands;

import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.StarterException;
import dev.fullecs.starter.config.Converters;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.render.Output;
import dev.fullecs.starter.temporal.Creations;
import io.temporal.client.WorkflowUpdateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "extend",
    mixinStandardHelpOptions = true,
    header = "Extend a running creation's maintenance window.",
    description = "Adds DURATION (30m, 2h, 1h30m, PT1H) to the maintenance window of a running creation"
        + " (F12); the creation says why when it refuses one.")
public final class ExtendCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  CommandSpec spec;

  /** {@code -5m} is a (negative) DURATION, refused by its converter, not an unknown option. */
  @Spec
  public void spec(CommandSpec spec) {
    this.spec = spec;
    spec.parser().unmatchedOptionsArePositionalParams(true);
  }
  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "ID", description = "Workflow id or request id of the creation.")
  String id;

  @Parameters(index = "1", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "How much longer: 30m, 2h, 1h30m, PT1H.")
  Converters.DurationArg duration;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    Creations creations = new Creations(session.temporal(), session.tenant);
    String workflowId = creations.named(id).filter(f -> Creations.isOpen(f.description()))
        .map(Creations.Found::workflowId)
        .orElseThrow(() -> StarterException.refused("there is no running creation " + creations.idFor(id)));
    CreationProgress progress;
    try {
      progress = session.temporal().newWorkflowStub(FullEcsImageWorkflow.class, workflowId)
          .extendMaintenanceWindow(duration.text());
    } catch (WorkflowUpdateException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String why = cause instanceof io.temporal.failure.ApplicationFailure
          ? ((io.temporal.failure.ApplicationFailure) cause).getOriginalMessage() : cause.getMessage();
      throw StarterException.refused("the creation refused the extension: " + why);
    }
    return Output.of(spec, global.output, root.context).show(new Extended(workflowId, duration.text(),
        progress.maintenanceWindow(), progress.maintenanceWindowLeftMillis()));
  }

  /** The maintenance window after the extension, and how much of it is left. */
  public record Extended(String workflowId, String extendedBy, String maintenanceWindow, Long maintenanceWindowLeftMillis)
      implements Output.Result {}
}
