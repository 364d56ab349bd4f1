package dev.fullecs.chaos;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** What the run did, as it did it: starts, cancels, kills, restarts, and the tenant's pokes. */
final class RunLog {
  /**
   * A cancel of the run: when, the step the creation last reported, whether it was sent without
   * error (whether it took effect is read from the history), and why not.
   */
  record Cancel(Instant at, String stepSeen, boolean sent, String notSent) {}

  final Map<String, Instant> started = new ConcurrentHashMap<>();
  final Map<String, String> startErrors = new ConcurrentHashMap<>();
  final Map<String, Cancel> cancels = new ConcurrentHashMap<>();
  final List<Instant> workerKills = new CopyOnWriteArrayList<>();
  final List<Instant> emulatorRestarts = new CopyOnWriteArrayList<>();
  /** Worker restarts that came up polling (its log says so) before the next kill. */
  final AtomicInteger workerRestartsPolling = new AtomicInteger();
  /** Starts, kills and restarts: from the first start to the last restart (the drain follows). */
  volatile long chaosPhaseMillis;
  /** The tenant's reboots of servers under creation, by HTTP status (-1: no answer). */
  final Map<Integer, AtomicInteger> reboots = new ConcurrentHashMap<>();

  void reboot(int status) {
    reboots.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
  }
}
