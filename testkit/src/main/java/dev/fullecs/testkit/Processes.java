package dev.fullecs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Real processes by their pid: started in the background with a log, run to completion, stopped
 * (SIGTERM, then SIGKILL) or killed (SIGKILL, nothing flushed), and read from /proc. Only ever
 * the one process a caller names, never a group or a name.
 */
public final class Processes {
  /** Inherited variables a child must not see: they would point it at another Temporal or cloud. */
  private static final Set<String> KEPT = Set.of("FULLECS_CACHE", "FULLECS_PG_OS_USER", "TEMPORAL_CLI");
  /** Clock ticks per second of /proc/PID/stat (USER_HZ; 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100.0;

  private Processes() {}

  /** Starts {@code command} in the background, its output appended to {@code log}. */
  public static Process launch(List<String> command, Map<String, String> env, Path log) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    environment(pb, env);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
  }

  /** Runs {@code command} to its end (killed after {@code timeout}) and returns its exit code and output. */
  public static CliResult run(List<String> command, Map<String, String> env, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(command);
    environment(pb, env);
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("testkit-", ".out");
      err = Files.createTempFile("testkit-", ".err");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command)
            + "\n--- out\n" + Files.readString(out) + "--- err\n" + Files.readString(err));
      }
      return new CliResult(command, p.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void environment(ProcessBuilder pb, Map<String, String> env) {
    pb.environment().keySet()
        .removeIf(k -> (k.startsWith("TEMPORAL_") || k.startsWith("FULLECS_")) && !KEPT.contains(k));
    pb.environment().putAll(env);
  }

  /** SIGKILL of {@code pid}, then waits until it is gone (an exited process not yet reaped counts as gone). */
  public static void kill9(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL on Linux
    waitFor("pid " + pid + " is gone after kill -9", Duration.ofSeconds(30), null, () -> !alive(pid));
  }

  /** SIGTERM, up to {@code grace} for a graceful stop, then SIGKILL. */
  public static void stop(long pid, Duration grace) {
    if (!alive(pid)) {
      return;
    }
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy); // SIGTERM
    long deadline = System.nanoTime() + grace.toNanos();
    while (alive(pid) && System.nanoTime() < deadline) {
      sleep(Duration.ofMillis(100));
    }
    if (alive(pid)) {
      kill9(pid);
    }
  }

  /** Running: not exited, and not an exited process waiting to be reaped (a zombie). */
  public static boolean alive(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    String state = stat(pid);
    return state != null && !state.startsWith("Z");
  }

  /** The command line of a live process, from /proc. */
  public static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ').trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** User + system CPU seconds used so far (/proc/PID/stat utime + stime); NaN once gone. */
  public static double cpuSeconds(long pid) {
    String stat = stat(pid);
    if (stat == null) {
      return Double.NaN;
    }
    String[] f = stat.split(" ");
    // after "pid (comm) ": state is field 3, utime field 14, stime field 15
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  /**
   * CPU seconds of a process and its children: its own utime + stime, its reaped children's
   * (cutime + cstime) and its live children's, e.g. PostgreSQL's postmaster and its backends; NaN once gone.
   */
  public static double treeCpuSeconds(long pid) {
    String stat = stat(pid);
    if (stat == null) {
      return Double.NaN;
    }
    String[] f = stat.split(" ");
    double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
        + Long.parseLong(f[14])) / TICKS_PER_SECOND;
    double[] children = {0};
    ProcessHandle.of(pid).ifPresent(p -> p.children().forEach(c -> {
      double child = treeCpuSeconds(c.pid());
      if (!Double.isNaN(child)) {
        children[0] += child;
      }
    }));
    return seconds + children[0];
  }

  /** Peak resident set size in MiB (/proc/PID/status VmHWM); NaN once gone. */
  public static double peakRssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone: no figure
    }
    return Double.NaN;
  }

  /** /proc/PID/stat from the state field on, or null when the process is gone. */
  private static String stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2);
    } catch (IOException e) {
      return null;
    }
  }

  /** Polls {@code ready} until it holds; fails early if {@code process} (may be null) exits. */
  public static void waitFor(String what, Duration atMost, Process process, BooleanSupplier ready) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!ready.getAsBoolean()) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException("process exited (" + process.exitValue() + ") before: " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + atMost + ": " + what);
      }
      sleep(Duration.ofMillis(300));
    }
  }

  public static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Lines of {@code file} that contain {@code text} (0 when there is no such file). */
  public static long countLines(Path file, String text) {
    try {
      if (!Files.exists(file)) {
        return 0;
      }
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().filter(l -> l.contains(text)).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // a temporary file left behind
      }
    }
  }
}
