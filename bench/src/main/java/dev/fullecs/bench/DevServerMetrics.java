package dev.fullecs.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev server's Prometheus counters that the benchmark reads: persistence requests and service
 * requests by operation. Shared by the wait phases' sampler and the overheads phase.
 */
final class DevServerMetrics {
  private static final Pattern LINE =
      Pattern.compile("^(persistence_requests|service_requests)\\{([^}]*)\\} ([0-9.eE+]+)$");
  private static final Pattern OPERATION = Pattern.compile("operation=\"([A-Za-z]+)\"");

  private DevServerMetrics() {}

  /** A counter line of the dev server's metrics that names an operation. */
  interface Counter {
    void accept(String metric, String operation, String labels, double value);
  }

  /** Each {@code persistence_requests} and {@code service_requests} line of {@code text} that names an operation. */
  static void counters(String text, Counter counter) {
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        Matcher op = OPERATION.matcher(m.group(2));
        if (op.find()) {
          counter.accept(m.group(1), op.group(1), m.group(2), Double.parseDouble(m.group(3)));
        }
      }
    }
  }

  /** A persistence operation that writes (reads are Get, List, Read, Scan, Count, Assert). */
  static boolean writes(String operation) {
    return !(operation.startsWith("Get") || operation.startsWith("List") || operation.startsWith("Read")
        || operation.startsWith("Scan") || operation.startsWith("Count") || operation.startsWith("Assert"));
  }
}
