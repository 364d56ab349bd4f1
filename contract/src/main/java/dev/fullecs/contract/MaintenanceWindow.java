package dev.fullecs.contract;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints maintenance windows (F12): {@code 30m}, {@code 2h}, {@code 1h30m},
 * {@code 90s} or ISO-8601 ({@code PT30M}), from 1 minute to 7 days. Pure and deterministic, so
 * the workflow uses it too.
 */
public final class MaintenanceWindow {
  public static final Duration MIN = Duration.ofMinutes(1);
  public static final Duration MAX = Duration.ofDays(7);
  private static final Pattern SHORT =
      Pattern.compile("^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");

  private MaintenanceWindow() {}

  /** Parses a window; throws {@link IllegalArgumentException} with a one-sentence message. */
  public static Duration parse(String text) {
    Duration d = parseDuration(text);
    if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          "maintenance window '" + text.trim() + "' must be between 1m and 7d");
    }
    return d;
  }

  /** Parses a duration with no range check (used for extensions, which are added to a window). */
  public static Duration parseDuration(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("maintenance window is empty");
    }
    String t = text.trim();
    if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("maintenance window '" + t + "' must be positive");
        }
        return d;
      } catch (DateTimeParseException e) {
        throw invalid(t);
      }
    }
    Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
    if (!m.matches() || t.isEmpty()) {
      throw invalid(t);
    }
    try {
      Duration d = Duration.ZERO;
      if (m.group(1) != null) d = d.plusDays(Long.parseLong(m.group(1)));
      if (m.group(2) != null) d = d.plusHours(Long.parseLong(m.group(2)));
      if (m.group(3) != null) d = d.plusMinutes(Long.parseLong(m.group(3)));
      if (m.group(4) != null) d = d.plusSeconds(Long.parseLong(m.group(4)));
      if (d.isZero()) {
        throw invalid(t);
      }
      return d;
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(t);
    }
  }

  /** Prints a duration the way users write it: {@code 30m}, {@code 1h30m}, {@code 2d}. */
  public static String format(Duration d) {
    long s = d.getSeconds();
    StringBuilder b = new StringBuilder();
    if (s >= 86400) { b.append(s / 86400).append('d'); s %= 86400; }
    if (s >= 3600) { b.append(s / 3600).append('h'); s %= 3600; }
    if (s >= 60) { b.append(s / 60).append('m'); s %= 60; }
    if (s > 0 || b.length() == 0) { b.append(s).append('s'); }
    return b.toString();
  }

  private static IllegalArgumentException invalid(String t) {
    return new IllegalArgumentException(
        "maintenance window '" + t + "' is not a duration such as 30m, 2h, 1h30m or PT30M");
  }
}
