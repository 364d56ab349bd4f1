package dev.fullecs.emulator.timing;

import java.util.function.Supplier;

/** Waits (up to a number of seconds the client asks for, at most 30) while a task is running, to save it polls. */
public final class LongPoll {
  public static final int MAX_WAIT_SECONDS = 30;

  private LongPoll() {}

  /**
   * Returns the task as soon as it is no longer running, or it disappeared, or the wait is over.
   * {@code read} returns the current task or null.
   */
  public static <T extends Task> T await(int waitSeconds, Supplier<T> read, Supplier<Long> nowMs) {
    int wait = Math.max(0, Math.min(MAX_WAIT_SECONDS, waitSeconds));
    long deadline = nowMs.get() + wait * 1000L;
    T task = read.get();
    while (task != null) {
      long now = nowMs.get();
      if (!task.running(now) || now >= deadline) {
        return task;
      }
      long sleep = Math.min(Math.min(deadline, task.completesMs) - now, 250);
      try {
        Thread.sleep(Math.max(1, sleep));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return task;
      }
      task = read.get();
    }
    return null;
  }
}
