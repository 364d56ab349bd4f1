package dev.fullecs.starter;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    header = "Follow a creation until it ends.",
    description = "Shows the step, image status and AZs, per-disk snapshot and backup percent, and the"
        + " maintenance window's time left. Exits like the creation ended (0, 2, 3, 4 or 1).")
final class WatchCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Workflow id or request id of the creation.")
  String id;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "8d",
      converter = Converters.DurationConverter.class,
      description = "Give up following after this long. Default: ${DEFAULT-VALUE}.")
  Converters.DurationArg timeout;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    Output output = Output.of(spec, global.output, root.context);
    Creations creations = new Creations(session.temporal(), session.tenant);
    String workflowId = creations.named(id).map(Creations.Found::workflowId)
        .orElseThrow(() -> StarterException.refused("there is no creation " + creations.idFor(id)));
    Outcome outcome = Follower.follow(session, creations, workflowId, output.creationProgress(),
        timeout.value());
    return output.show(CreationReport.of(session, outcome, null));
  }
}
