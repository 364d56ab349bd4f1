package dev.fullecs.starter;

/** Entry point of {@code starter.jar}. */
public final class StarterMain {
  private StarterMain() {}

  public static void main(String[] args) {
    int code;
    try (StarterContext context = StarterContext.fromSystem()) {
      code = FullEcsCli.commandLine(context).execute(args);
    }
    System.exit(code);
  }
}
