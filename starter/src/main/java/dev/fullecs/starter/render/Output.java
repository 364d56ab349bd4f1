package dev.fullecs.starter.render;

import dev.fullecs.starter.ExitCodes;
import dev.fullecs.starter.Json;
import dev.fullecs.starter.StarterContext;
import dev.fullecs.starter.config.OutputOptions;
import dev.fullecs.starter.temporal.ImageUses;
import dev.fullecs.workflows.provision.ServerProgress;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one output layer. A command finds something and hands its result here: as text for people
 * ({@link TextViews}, tables through picocli's {@code TextTable}) or as one JSON document for
 * programs ({@link Json}, snake_case), chosen by {@code --output}. The commands that follow a
 * workflow get their live view from here too: nothing of it in JSON, whose document is the end.
 */
public final class Output {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean terminal;

  public Output(PrintWriter out, PrintWriter err, boolean json, boolean terminal) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.terminal = terminal;
  }

  public static Output of(CommandSpec spec, OutputOptions options, StarterContext context) {
    return new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), options.json(), context.terminal());
  }

  public boolean json() {
    return json;
  }

  /** Shows {@code result} and returns its exit code. */
  public int show(Result result) {
    return show(result, result.exitCode());
  }

  /** Shows {@code result} and returns {@code exitCode} (a command may end otherwise than its result says). */
  public int show(Object result, int exitCode) {
    if (json) {
      out.println(Json.write(result));
    } else {
      TextViews.show(result, new Text(out, err));
    }
    out.flush();
    err.flush();
    return exitCode;
  }

  /** A line for people while the command works ({@code started creation ...}); none in JSON. */
  public void progress(String line) {
    if (!json) {
      out.println(line);
      out.flush();
    }
  }

  /** Something to say before acting: on stdout as text, on stderr beside a JSON document. */
  public void notice(String line) {
    PrintWriter to = json ? err : out;
    to.println(line);
    to.flush();
  }

  public void warning(String line) {
    err.println("warning: " + line);
    err.flush();
  }

  /** The live view of a creation: a table in place on a terminal, a line per change otherwise. */
  public ProgressDisplay creationProgress() {
    return ProgressDisplay.forOutput(out, terminal, json);
  }

  /** The live view of a provisioning: a line per server whose state changed. */
  public Consumer<List<ServerProgress>> provisionProgress() {
    return json ? p -> {} : ImageUses.changes(out);
  }

  /** What a command found or did, with the exit code it means. */
  public interface Result {
    default int exitCode() {
      return ExitCodes.DONE;
    }
  }
}
