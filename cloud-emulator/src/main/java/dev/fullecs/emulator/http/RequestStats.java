package dev.fullecs.emulator.http;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long the emulator took to serve each request (until its answer starts to be sent; it is counted
 * before the answer goes out, so a client holding an answer finds it counted), per operation, since the last reset
 * ({@code GET /admin/stats}, {@code POST /admin/stats/reset}). Long-polls ({@code wait_seconds}
 * above 0) are counted under {@code <operation>_long_poll}: their time is mostly the wait they
 * asked for, so they are left out of the {@code all} line.
 */
public final class RequestStats {
  /** Samples kept per operation; later ones are counted but not kept (bounded memory). */
  private static final int MAX_SAMPLES = 2_000_000;
  public static final String LONG_POLL_SUFFIX = "_long_poll";

  private final ConcurrentHashMap<String, Samples> byOperation = new ConcurrentHashMap<>();

  public void record(String operation, boolean longPoll, long nanos) {
    String key = longPoll ? operation + LONG_POLL_SUFFIX : operation;
    byOperation.computeIfAbsent(key, k -> new Samples()).add(nanos / 1000);
  }

  public void reset() {
    byOperation.clear();
  }

  /** {@code {"all": {...}, "operations": {"get_server": {"count", "p50_ms", "p99_ms", "max_ms"}, ...}}}. */
  public Map<String, Object> summary() {
    Map<String, Object> operations = new TreeMap<>();
    Samples all = new Samples();
    byOperation.forEach((op, s) -> {
      long[] copy = s.copy();
      operations.put(op, describe(copy, s.count()));
      if (!op.endsWith(LONG_POLL_SUFFIX)) {
        all.addAll(copy, s.count());
      }
    });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("all", describe(all.copy(), all.count()));
    out.put("operations", operations);
    return out;
  }

  private static Map<String, Object> describe(long[] micros, long count) {
    Arrays.sort(micros);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("count", count);
    d.put("p50_ms", percentile(micros, 0.50));
    d.put("p90_ms", percentile(micros, 0.90));
    d.put("p99_ms", percentile(micros, 0.99));
    d.put("max_ms", micros.length == 0 ? 0.0 : micros[micros.length - 1] / 1000.0);
    return d;
  }

  /** Nearest-rank percentile of sorted samples, in milliseconds. */
  static double percentile(long[] sortedMicros, double p) {
    if (sortedMicros.length == 0) {
      return 0.0;
    }
    int rank = (int) Math.ceil(p * sortedMicros.length);
    return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, rank - 1))] / 1000.0;
  }

  private static final class Samples {
    private long[] micros = new long[256];
    private int size;
    private long count;

    synchronized void add(long us) {
      count++;
      if (size == micros.length) {
        if (size >= MAX_SAMPLES) {
          return;
        }
        micros = Arrays.copyOf(micros, Math.min(MAX_SAMPLES, size * 2));
      }
      micros[size++] = us;
    }

    synchronized void addAll(long[] us, long n) {
      for (long u : us) {
        add(u);
      }
      count += n - us.length;
    }

    synchronized long[] copy() {
      return Arrays.copyOf(micros, size);
    }

    synchronized long count() {
      return count;
    }
  }
}
