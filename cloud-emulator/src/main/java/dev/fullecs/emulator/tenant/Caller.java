package dev.fullecs.emulator.tenant;

/** Who makes a request: the kind of credential and, for tenant tokens, its tenant. */
public record Caller(TokenKind kind, String tenant) {
  public static final Caller ANONYMOUS = new Caller(null, null);

  public String actor() {
    return kind == null ? "anonymous" : kind.wire();
  }
}
