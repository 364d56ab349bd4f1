package dev.fullecs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Random;
import java.util.stream.IntStream;

/** Loopback ports that are free now. */
public final class Ports {
  private static final Random RANDOM = new Random();

  private Ports() {}

  /** A port nothing listens on now (the kernel's pick). */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A base port in [from, to) such that base + each offset is free now. */
  public static int freeBlock(int from, int to, int... offsets) {
    for (int attempt = 0; attempt < 500; attempt++) {
      int base = from + RANDOM.nextInt(to - from);
      if (IntStream.of(offsets).allMatch(o -> isFree(base + o))) {
        return base;
      }
    }
    throw new IllegalStateException("no free block of ports in [" + from + ", " + to + ")");
  }

  public static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code port} if it is free, a free one if it is 0; refuses a taken one: a stack left over from
   * another run would answer in place of this one.
   */
  public static int freeOr(int port, String what) {
    if (port == 0) {
      return free();
    }
    if (!isFree(port)) {
      throw new IllegalStateException(what + " port " + port + " on 127.0.0.1 is in use (another stack?)");
    }
    return port;
  }
}
