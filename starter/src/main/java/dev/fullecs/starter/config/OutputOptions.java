package dev.fullecs.starter.config;

import picocli.CommandLine.Option;

/** How a command shows its result: {@code --output text|json}, with {@code --json} as its alias. */
public final class OutputOptions {
  /** What {@code --output} accepts. */
  public enum Format { text, json }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "text (default) or json: one JSON document, the same whatever happened.")
  public Format format;

  @Option(names = "--json", description = "The same as --output json.")
  public boolean json;

  public boolean json() {
    return json || format == Format.json;
  }

  /** Whether a command line asked for JSON, for errors found before the options were bound. */
  public static boolean requested(java.util.List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--json") || a.equals("--output=json") || a.equals("-o=json") || a.equals("-ojson")
          || ((a.equals("--output") || a.equals("-o")) && i + 1 < args.size() && args.get(i + 1).equals("json"))) {
        return true;
      }
    }
    return false;
  }
}
