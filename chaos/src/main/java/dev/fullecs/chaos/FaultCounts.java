package dev.fullecs.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The faults the emulator injected, counted from its request log (one line per request: time of
 * day, method, path, status or {@code dropped}, milliseconds, operation): the emulator does not
 * count them itself. A dropped request held about {@code hang_ms} was a hang; one dropped at once
 * was a lost response (the change was made). A 503 during the outage is the outage's, not a
 * transient fault; an answer of the refused operation with the refusal's status during the
 * recovery is a refusal. Requests in flight when the emulator was killed are in no log.
 */
final class FaultCounts {
  private static final Pattern LINE =
      Pattern.compile("(GET|POST|PUT|DELETE) (/\\S*) (\\d{3}|dropped) (\\d+)ms (\\S+)\\s*$");
  private static final Pattern TIME = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3})");

  int requests;
  int throttled429;
  int unavailable503;
  int hangs;
  int lostResponses;
  /** 500 answers: the emulator injects none in this run, so each is a bug of the emulator. */
  int internalErrors;
  /** Calls answered 503 by the whole-service outage. */
  int outage503;
  /** Calls of the refused operation answered with the refusal during the recovery. */
  int refused;
  final Map<String, Integer> faultsByOperation = new TreeMap<>();

  /** The transient faults (not the outage's answers, not the refusals). */
  int faults() {
    return throttled429 + unavailable503 + hangs + lostResponses;
  }

  static FaultCounts read(Path emulatorLog, long hangMs, RunLog runLog) throws IOException {
    FaultCounts c = new FaultCounts();
    try (Stream<String> lines = Files.lines(emulatorLog, StandardCharsets.ISO_8859_1)) {
      lines.forEach(line -> {
        Matcher m = LINE.matcher(line);
        // the cloud's APIs: the own API's /v1/ and, in Huawei mode, ECS, EVS, CBR, IMS and Nova's
        // paths (/v1/, /v1.1/, /v2/, /v2.1/, /v3/); not the emulator's admin API
        if (!m.find() || !m.group(2).startsWith("/v")) {
          return;
        }
        c.requests++;
        String status = m.group(3);
        Matcher t = TIME.matcher(line);
        LocalTime at = t.find() ? LocalTime.parse(t.group(1)) : null;
        if (status.equals("503") && within(at, runLog.outage)) {
          c.outage503++;
          return;
        }
        if (m.group(5).equals(runLog.refusedOperation) && status.equals(String.valueOf(runLog.refuseStatus))
            && within(at, runLog.recovery)) {
          c.refused++;
          return;
        }
        boolean fault = true;
        switch (status) {
          case "429" -> c.throttled429++;
          case "503" -> c.unavailable503++;
          case "500" -> {
            c.internalErrors++;
            fault = false;
          }
          case "dropped" -> {
            if (Long.parseLong(m.group(4)) >= hangMs - 1_000) {
              c.hangs++;
            } else {
              c.lostResponses++;
            }
          }
          default -> fault = false;
        }
        if (fault) {
          c.faultsByOperation.merge(m.group(5), 1, Integer::sum);
        }
      });
    }
    return c;
  }

  /** Whether a time of day of the emulator's log falls in the phase (both on this machine's clock). */
  private static boolean within(LocalTime at, RunLog.Phase phase) {
    if (at == null || phase == null || phase.to() == null) {
      return false;
    }
    LocalTime from = LocalTime.ofInstant(phase.from(), ZoneId.systemDefault());
    LocalTime to = LocalTime.ofInstant(phase.to(), ZoneId.systemDefault());
    return from.isBefore(to) ? !at.isBefore(from) && !at.isAfter(to) : !at.isBefore(from) || !at.isAfter(to);
  }
}
