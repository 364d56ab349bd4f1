package dev.fullecs.starter;

import io.grpc.Status;
import io.temporal.client.WorkflowServiceException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code fullecs}: creates full-ECS images of cloud servers and follows them, for one tenant. */
@Command(
    name = "fullecs",
    mixinStandardHelpOptions = true,
    version = "fullecs 0.1.0",
    description = "Create full-ECS images of cloud servers (system and data disks), follow them, and use them:"
        + " provision clones, change an OS, share, replicate, delete.",
    subcommands = {
      ValidateCommand.class,
      CreateCommand.class,
      WatchCommand.class,
      CancelCommand.class,
      ExtendCommand.class,
      ListCommand.class,
      ShowCommand.class,
      UnlockCommand.class,
      ProvisionCommand.class,
      ChangeOsCommand.class,
      ShareCommand.class,
      ReplicateCommand.class,
      DeleteCommand.class,
      RetainedCommand.class,
      RefusedImageOperations.Export.class,
      RefusedImageOperations.Publish.class,
      DemoCommand.class,
      CodecServerCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done, 2 invalid input or refused, 3 cancelled, 4 maintenance window exceeded,"
          + " 1 other failure."
    })
public final class FullEcsCli implements Runnable {
  final StarterContext context;

  @Spec CommandLine.Model.CommandSpec spec;

  public FullEcsCli(StarterContext context) {
    this.context = context;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line with the starter's error handling: one sentence, never a stack trace. */
  public static CommandLine commandLine(StarterContext context) {
    CommandLine cmd = new CommandLine(new FullEcsCli(context));
    cmd.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          String sentence = sentence(e, context);
          err.println("error: " + sentence);
          err.flush();
          int code = exitCode(e);
          if (jsonRequested(parseResult)) {
            printJsonError(commandLine.getOut(), code, sentence);
          }
          return code;
        });
    cmd.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("error: " + e.getMessage());
          err.println("(see `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`)");
          err.flush();
          if (java.util.Arrays.asList(args).contains("--json")) {
            printJsonError(e.getCommandLine().getOut(), ExitCodes.REFUSED, e.getMessage());
          }
          return ExitCodes.REFUSED;
        });
    return cmd;
  }

  /** Whether the command line asked for --json (on the command or a subcommand). */
  static boolean jsonRequested(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--json")) {
        return true;
      }
    }
    return false;
  }

  /** With --json, an error is a JSON document on stdout too, so that a script reads one shape. */
  private static void printJsonError(PrintWriter out, int exitCode, String sentence) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("status", exitCode == ExitCodes.REFUSED ? "REFUSED" : "FAILED");
    m.put("exit_code", exitCode);
    m.put("error", sentence);
    out.println(Json.write(m));
    out.flush();
  }

  static int exitCode(Exception e) {
    if (e instanceof StarterException) {
      return ((StarterException) e).exitCode();
    }
    if (e instanceof CloudCallException) {
      int status = ((CloudCallException) e).status();
      return status >= 400 && status < 500 && status != 429 ? ExitCodes.REFUSED : ExitCodes.FAILED;
    }
    return ExitCodes.FAILED;
  }

  static String sentence(Throwable e, StarterContext context) {
    if (e instanceof StarterException || e instanceof CloudCallException) {
      return e.getMessage();
    }
    if (Creations.isStatus(e, Status.Code.UNAVAILABLE) || Creations.isStatus(e, Status.Code.DEADLINE_EXCEEDED)) {
      return "cannot reach Temporal at " + context.temporalTarget()
          + ": start a server (see README) or set TEMPORAL_ADDRESS";
    }
    if (e instanceof WorkflowServiceException && e.getCause() != null) {
      return e.getCause().getMessage();
    }
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
