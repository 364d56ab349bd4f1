package dev.fullecs.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the run did, as it did it: starts, cancels, window extensions, kills, restarts, the cloud's
 * outage and slow, refusing recovery, and the tenant's pokes.
 */
final class RunLog {
  /**
   * A cancel of the run: when, the step the creation last reported, whether it was sent without
   * error (whether it took effect is read from the history), and why not.
   */
  record Cancel(Instant at, String stepSeen, boolean sent, String notSent) {}

  /**
   * An extension of a creation's maintenance window sent near its end (the Update
   * {@code extendMaintenanceWindow}): when, how far from the window's end, by how much, and the
   * answer: accepted (the new time left) or refused (why); not sent when the creation closed first.
   */
  record Extension(Instant at, Duration fromWindowEnd, String by, boolean sent, boolean accepted, String answer) {}

  /** A stretch of the run: from {@code from} to {@code to} (null while it lasts). */
  record Phase(Instant from, Instant to) {
    /** How much of this phase lies in [a, b]. */
    Duration overlap(Instant a, Instant b) {
      Instant end = to == null ? b : to;
      Instant lo = from.isAfter(a) ? from : a;
      Instant hi = end.isBefore(b) ? end : b;
      return hi.isAfter(lo) ? Duration.between(lo, hi) : Duration.ZERO;
    }

    Duration length() {
      return to == null ? Duration.ZERO : Duration.between(from, to);
    }
  }

  final Map<String, Instant> started = new ConcurrentHashMap<>();
  final Map<String, String> startErrors = new ConcurrentHashMap<>();
  final Map<String, Cancel> cancels = new ConcurrentHashMap<>();
  final Map<String, Extension> extensions = new ConcurrentHashMap<>();
  final List<Instant> workerKills = new CopyOnWriteArrayList<>();
  final List<Instant> emulatorRestarts = new CopyOnWriteArrayList<>();
  /** Worker restarts that came up polling (its log says so) before the next kill. */
  final AtomicInteger workerRestartsPolling = new AtomicInteger();
  /** Starts, kills, restarts and the cloud's phases: from the first start to the last of them (the drain follows). */
  volatile long chaosPhaseMillis;
  /** The tenant's reboots of servers under creation, by HTTP status (-1: no answer). */
  final Map<Integer, AtomicInteger> reboots = new ConcurrentHashMap<>();
  /** The whole-service outage: every {@code /v1/} call answered 503. Null when the run had none. */
  volatile Phase outage;
  /**
   * After the outage, the cloud comes back slow and refusing: every call delayed
   * {@link #slowCallMs}, and {@link #refusedOperation} answered {@link #refuseStatus}. Null when
   * the run had none.
   */
  volatile Phase recovery;
  volatile long slowCallMs;
  volatile String refusedOperation;
  volatile int refuseStatus;

  void reboot(int status) {
    reboots.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
  }

  /** Worker kills and emulator restarts in [a, b]. */
  int crashesBetween(Instant a, Instant b) {
    int n = 0;
    for (List<Instant> list : List.of(workerKills, emulatorRestarts)) {
      for (Instant t : list) {
        if (!t.isBefore(a) && !t.isAfter(b)) {
          n++;
        }
      }
    }
    return n;
  }

  Duration outageBetween(Instant a, Instant b) {
    return outage == null ? Duration.ZERO : outage.overlap(a, b);
  }

  Duration recoveryBetween(Instant a, Instant b) {
    return recovery == null ? Duration.ZERO : recovery.overlap(a, b);
  }

  /** The delay of every call if the cloud was slow at some time in [a, b], else zero. */
  Duration slowDelayBetween(Instant a, Instant b) {
    return recoveryBetween(a, b).isZero() ? Duration.ZERO : Duration.ofMillis(slowCallMs);
  }
}
