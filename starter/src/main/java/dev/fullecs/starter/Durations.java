package dev.fullecs.starter;

import dev.fullecs.contract.MaintenanceWindow;
import java.time.Duration;

final class Durations {
  private Durations() {}

  /** {@code 30m}, {@code 1h30m}, {@code PT30M}...; refused (exit 2) with one sentence otherwise. */
  static Duration parse(String text, String option) {
    try {
      return MaintenanceWindow.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw StarterException.refused(option + " '" + text + "' is not a duration such as 30s, 10m or 1h30m");
    }
  }
}
