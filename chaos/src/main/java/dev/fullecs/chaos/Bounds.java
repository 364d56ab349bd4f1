package dev.fullecs.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long the run lets a creation take (issue 12): to close, and to unlock its server once it was
 * told to stop. Each bound is a sum of named parts, derived from the creation's own window or the
 * durations of its cloud work and from what the run did to it, so that the report can print why.
 */
final class Bounds {
  /**
   * The orchestrator's own calls besides the cloud's long work: validation, lock, image record,
   * status changes, unlock, and the cleanup of a stopped creation, each retried under the run's
   * transient faults (a hang holds a call 35 s), with backoff.
   */
  static final Duration CALLS = Duration.ofMinutes(2);
  /** What one worker kill or emulator restart may cost a creation: a heartbeat or start-to-close timeout (30 s). */
  static final Duration PER_CRASH = Duration.ofSeconds(30);
  /** Cloud calls a creation makes one after the other besides two per disk (its story and its cleanup). */
  static final int SEQUENTIAL_CALLS = 24;
  /**
   * From a stop to the unlock: the call in flight finishes (a short step's 30 s start-to-close, a
   * wait's next heartbeat), then the unlock (30 s). The image cleanup is not in it: the unlock must
   * not wait for it (F14).
   */
  static final Duration UNLOCK = Duration.ofSeconds(60);
  /**
   * A call that failed through an outage is tried again at most this long after it ends: the
   * longest interval of the unlock's and the cleanup's retry policy (1 min).
   */
  static final Duration AFTER_OUTAGE = Duration.ofMinutes(1);

  /** A bound and the parts it is made of, e.g. {@code 6 min 10 s = work 40.0 s + calls 2 min 00 s + ...}. */
  record Bound(Duration total, List<String> parts) {
    @Override
    public String toString() {
      return Report.human(total) + " = " + String.join(" + ", parts);
    }
  }

  private Bounds() {}

  /**
   * How long a creation may take from its start to its close.
   *
   * @param work what it legitimately waits for: the critical path of its cloud work as the cloud
   *     timed it (COMPLETED), its start to its lock plus its window (window exceeded), its start to
   *     the cancel (CANCELED), nothing (refused)
   * @param crashes worker kills and emulator restarts while it ran
   * @param outage outage time while it ran
   * @param refused for a creation that stopped, time while it ran that the cloud refused its cleanup's call
   * @param slowDelay the delay of every call, when the cloud was slow while it ran (else zero)
   * @param disks disks of its server
   */
  static Bound closing(Duration work, int crashes, Duration outage, Duration refused, Duration slowDelay, int disks) {
    List<String> parts = new ArrayList<>();
    Duration total = Duration.ZERO;
    total = add(total, parts, work, "work");
    total = add(total, parts, CALLS, "calls");
    total = add(total, parts, PER_CRASH.multipliedBy(crashes), crashes(crashes));
    total = add(total, parts, outage, "outage");
    total = add(total, parts, refused, "refusal");
    int calls = SEQUENTIAL_CALLS + 2 * disks;
    total = add(total, parts, slowDelay.multipliedBy(calls), calls + " slow calls");
    return new Bound(total, parts);
  }

  /**
   * How long a stopped creation may take from the stop (a cancel, its window's end) to its
   * server's unlock.
   *
   * @param crashes worker kills and emulator restarts in between
   * @param outage outage time in between (and then the retry that follows it)
   * @param slowDelay the delay of every call, when the cloud was slow in between (else zero)
   */
  static Bound unlock(int crashes, Duration outage, Duration slowDelay) {
    List<String> parts = new ArrayList<>();
    Duration total = Duration.ZERO;
    total = add(total, parts, UNLOCK, "call in flight and unlock");
    total = add(total, parts, PER_CRASH.multipliedBy(crashes), crashes(crashes));
    total = add(total, parts, outage, "outage");
    total = add(total, parts, outage.isZero() ? Duration.ZERO : AFTER_OUTAGE, "retry after the outage");
    total = add(total, parts, slowDelay.multipliedBy(2), "2 slow calls");
    return new Bound(total, parts);
  }

  private static String crashes(int n) {
    return n == 1 ? "1 crash" : n + " crashes";
  }

  private static Duration add(Duration total, List<String> parts, Duration part, String name) {
    if (part.isZero() || part.isNegative()) {
      return total;
    }
    parts.add(name + " " + Report.human(part));
    return total.plus(part);
  }
}
