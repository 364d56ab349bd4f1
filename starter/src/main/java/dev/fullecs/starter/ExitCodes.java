package dev.fullecs.starter;

/** The starter's exit codes; the README lists them too. */
public final class ExitCodes {
  public static final int DONE = 0;
  public static final int FAILED = 1;
  /** Invalid input, or refused (bad token, request id reused with another request, ...). */
  public static final int REFUSED = 2;
  public static final int CANCELLED = 3;
  public static final int WINDOW_EXCEEDED = 4;

  private ExitCodes() {}
}
