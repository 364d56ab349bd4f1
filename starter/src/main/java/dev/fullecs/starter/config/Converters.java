package dev.fullecs.starter.config;

import dev.fullecs.contract.MaintenanceWindow;
import dev.fullecs.starter.StarterException;
import dev.fullecs.starter.temporal.RequestIds;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The starter's picocli type converters: durations, request ids and numbers are parsed once, when
 * the command line is, and a bad value is refused (exit 2) with one sentence that names the option
 * ({@link OptionError}). {@code --tag KEY=VALUE} has its own, {@link RequestOptions.TagConverter}.
 */
public final class Converters {
  private Converters() {}

  /**
   * A value refused by a converter. The sentence may name the option and the value with {@code
   * {option}} and {@code {value}}; {@link FullEcsCli} fills them in ({@link #sentence}).
   */
  public static final class OptionError extends TypeConversionException {
    OptionError(String template) {
      super(template);
    }

    /** The sentence for the option (its longest name, or a parameter's label) and the value given. */
    public String sentence(String option, String value) {
      String shown = value == null ? "" : value.codePoints()
          .map(c -> Character.isISOControl(c) ? '?' : c)
          .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
      if (shown.length() > 40) {
        shown = shown.substring(0, 40) + "...";
      }
      return getMessage().replace("{option}", option).replace("{value}", shown);
    }
  }

  /** A duration as the user typed it ({@code text}, which messages and the workflow repeat) and its value. */
  public record DurationArg(String text, Duration value) {
    @Override
    public String toString() {
      return text;
    }
  }

  /** {@code 30s}, {@code 10m}, {@code 1h30m}, {@code 2d}, {@code PT30M}; zero and negative ones are refused. */
  public static final class DurationConverter implements ITypeConverter<DurationArg> {
    @Override
    public DurationArg convert(String text) {
      if (text.strip().startsWith("-")) {
        throw new OptionError("{option} must be positive, such as 30s, 10m or 1h30m; '{value}' is negative");
      }
      try {
        return new DurationArg(text, MaintenanceWindow.parseDuration(text));
      } catch (IllegalArgumentException e) {
        throw new OptionError("{option} '{value}' is not a duration such as 30s, 10m or 1h30m");
      }
    }
  }

  /** A client request id (F16): it becomes part of the workflow id ({@link RequestIds}). */
  public static final class RequestIdConverter implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      try {
        return RequestIds.check(text);
      } catch (StarterException e) {
        throw new OptionError(e.getMessage());
      }
    }
  }

  /** An id to look for (a server, an image): letters, digits, '-', '_', '.' or ':', as the cloud's ids are. */
  public static final class IdConverter implements ITypeConverter<String> {
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public String convert(String text) {
      if (!ID.matcher(text).matches()) {
        throw new OptionError("{option} '{value}' is not an id: use 1 to 128 letters, digits, '-', '_', '.' or ':'");
      }
      return text;
    }
  }

  /** A workflow status, as the list shows it ({@code RUNNING}, any case), to Temporal's {@code ExecutionStatus} name. */
  public static final class StatusConverter implements ITypeConverter<String> {
    private static final java.util.Map<String, String> NAMES = java.util.Map.of(
        "RUNNING", "Running", "COMPLETED", "Completed", "FAILED", "Failed", "CANCELED", "Canceled",
        "CANCELLED", "Canceled", "TERMINATED", "Terminated", "TIMED_OUT", "TimedOut", "TIMEDOUT", "TimedOut");

    @Override
    public String convert(String text) {
      String name = NAMES.get(text.strip().toUpperCase(java.util.Locale.ROOT));
      if (name == null) {
        throw new OptionError("{option} '{value}' is not a status: use running, completed, failed, canceled,"
            + " terminated or timed_out");
      }
      return name;
    }
  }

  /** {@code list --limit}: 1 to 1,000. */
  public static final class LimitConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      return between(text, 1, 1000);
    }
  }

  /** {@code provision --count}: 1 to 100 servers. */
  public static final class CountConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      return between(text, 1, 100);
    }
  }

  private static int between(String text, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new OptionError("{option} must be a whole number between " + min + " and " + max + ", got '{value}'");
    }
    if (n < min || n > max) {
      throw new OptionError("{option} must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }
}
