package dev.fullecs.starter;

import dev.fullecs.contract.StepTiming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the results share: the seconds per step, and a cloud read whose failure only leaves a detail out. */
public final class Reports {
  private Reports() {}

  public static Map<String, Double> secondsPerStep(List<StepTiming> timings) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (timings != null) {
      for (StepTiming t : timings) {
        m.put(t.step(), Math.round(t.durationMillis() / 100.0) / 10.0);
      }
    }
    return m;
  }

  public static <T> T tryRead(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
