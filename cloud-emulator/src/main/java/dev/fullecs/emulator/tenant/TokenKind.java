package dev.fullecs.emulator.tenant;

/** The kinds of credential (F23). */
public enum TokenKind {
  /** A user's token: acts for exactly one tenant. */
  TENANT,
  /** The image service's token: acts for the tenant named in the path; locks, unlocks, creates and changes images. */
  SERVICE,
  /** The emulator's operator: {@code /admin/**} only. */
  ADMIN;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
