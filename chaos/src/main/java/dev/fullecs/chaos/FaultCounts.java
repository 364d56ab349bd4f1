package dev.fullecs.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The faults the emulator injected, counted from its request log (one line per request: method,
 * path, status or {@code dropped}, milliseconds, operation): the emulator does not count them
 * itself. A dropped request held about {@code hang_ms} was a hang; one dropped at once was a lost
 * response (the change was made). Requests in flight when the emulator was killed are in no log.
 */
final class FaultCounts {
  private static final Pattern LINE =
      Pattern.compile("(GET|POST|PUT|DELETE) (/\\S*) (\\d{3}|dropped) (\\d+)ms (\\S+)\\s*$");

  int requests;
  int throttled429;
  int unavailable503;
  int hangs;
  int lostResponses;
  /** 500 answers: the emulator injects none in this run, so each is a bug of the emulator. */
  int internalErrors;
  final Map<String, Integer> faultsByOperation = new TreeMap<>();

  int faults() {
    return throttled429 + unavailable503 + hangs + lostResponses;
  }

  static FaultCounts read(Path emulatorLog, long hangMs) throws IOException {
    FaultCounts c = new FaultCounts();
    try (Stream<String> lines = Files.lines(emulatorLog, StandardCharsets.ISO_8859_1)) {
      lines.forEach(line -> {
        Matcher m = LINE.matcher(line);
        if (!m.find() || !m.group(2).startsWith("/v1/")) {
          return;
        }
        c.requests++;
        String status = m.group(3);
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
}
