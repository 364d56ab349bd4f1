package dev.fullecs.worker;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar worker.jar} with arguments: the operator's tools beside the worker. Without
 * arguments the jar runs the worker itself ({@link WorkerMain}), as it always did.
 */
@Command(
    name = "worker.jar",
    mixinStandardHelpOptions = true,
    version = "fullecs worker",
    description = {
      "Without arguments: the worker, polling task queue full-ecs-image until SIGTERM",
      "(configured by the environment, see README). With a command: an operator's tool."
    })
final class WorkerCommands implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The commands, reading the payload key from {@code env}; a bad option is exit 2 with one sentence. */
  static CommandLine commandLine(Map<String, String> env) {
    CommandLine cmd = new CommandLine(new WorkerCommands());
    cmd.addSubcommand(new CommandLine(new CodecServerCommand(env)));
    cmd.addSubcommand(new CommandLine.HelpCommand());
    cmd.setParameterExceptionHandler((e, args) -> {
      e.getCommandLine().getErr().println("error: " + e.getMessage());
      e.getCommandLine().getErr().println("(see `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`)");
      e.getCommandLine().getErr().flush();
      return CodecServerCommand.REFUSED;
    });
    return cmd;
  }
}
