package dev.fullecs.starter;

/** A failure the starter reports as one sentence with a chosen exit code. */
public final class StarterException extends RuntimeException {
  private final int exitCode;

  public StarterException(int exitCode, String sentence) {
    super(sentence);
    this.exitCode = exitCode;
  }

  public static StarterException refused(String sentence) {
    return new StarterException(ExitCodes.REFUSED, sentence);
  }

  public static StarterException failed(String sentence) {
    return new StarterException(ExitCodes.FAILED, sentence);
  }

  public int exitCode() {
    return exitCode;
  }
}
