package dev.fullecs.emulator.tenant;

/** A credential from the inventory. {@code tenant} is set for tenant tokens only. */
public class Token {
  public String token;
  public String kind;
  public String tenant;
  public boolean revoked;

  public TokenKind tokenKind() {
    return TokenKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
  }
}
