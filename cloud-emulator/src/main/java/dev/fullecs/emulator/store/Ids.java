package dev.fullecs.emulator.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** New resource ids: a prefix and 16 random hex digits ({@code snap-3f9c...}). */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String next(String prefix) {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return prefix + "-" + HexFormat.of().formatHex(b);
  }
}
