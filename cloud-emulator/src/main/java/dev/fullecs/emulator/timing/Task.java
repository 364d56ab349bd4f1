package dev.fullecs.emulator.timing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A long-running cloud task (snapshot or backup). Its status and progress are not stored: they
 * follow from its start and end times and the clock, so work advances while no one polls and
 * across restarts.
 */
public abstract class Task {
  public long startedMs;
  public long completesMs;
  /** What the task ends in: the success status, or {@code error} (fault {@code p_task_error}). */
  public String outcome;

  protected abstract String runningStatus();

  public boolean running(long nowMs) {
    return nowMs < completesMs;
  }

  public String status(long nowMs) {
    return running(nowMs) ? runningStatus() : outcome;
  }

  public int progress(long nowMs) {
    if (!running(nowMs)) {
      return "error".equals(outcome) ? 0 : 100;
    }
    long total = Math.max(1, completesMs - startedMs);
    return (int) Math.min(99, Math.max(0, (nowMs - startedMs) * 100 / total));
  }

  public static String iso(long epochMs) {
    return Instant.ofEpochMilli(epochMs).truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
