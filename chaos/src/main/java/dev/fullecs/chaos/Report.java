package dev.fullecs.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The run's figures and the invariants' results, in markdown. */
final class Report {
  private Report() {}

  static String markdown(ChaosSettings s, String command, Duration wall, Duration chaosPhase,
      RunLog runLog, FaultCounts faults, InvariantChecker checker) {
    StringBuilder md = new StringBuilder();
    md.append("# Chaos run, ").append(Instant.now().toString(), 0, 16).append("Z\n\n");
    md.append("`").append(command).append("`\n\n");
    md.append(String.format("%d creations started over %d s with %.0f %% transient faults, %d worker kills (SIGKILL), "
            + "%d emulator restarts (SIGKILL), emulator time scale %s, seed %d. Wall time %s: setup, "
            + "a chaos phase of %s (starts, kills, restarts), the wait for the creations to close, the checks. Work directory (logs, databases): `%s`.%n%n",
        s.creations(), s.startOver().toSeconds(), s.faultRate() * 100, runLog.workerKills.size(),
        runLog.emulatorRestarts.size(), s.timeScale(), s.seed(), human(wall), human(chaosPhase), s.workDir()));

    md.append("## Outcomes\n\n");
    md.append("| kind | creations | COMPLETED | CANCELED | FAILED window exceeded | FAILED validation | FAILED other (F14) | still running |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    Map<Kind, int[]> rows = new EnumMap<>(Kind.class);
    Map<String, Integer> f14Types = new TreeMap<>();
    for (CreationCheck c : checker.creations) {
      int[] r = rows.computeIfAbsent(c.plan().kind(), k -> new int[7]);
      r[0]++;
      String o = c.outcome();
      if (o.equals("COMPLETED")) {
        r[1]++;
      } else if (o.equals("CANCELED")) {
        r[2]++;
      } else if (o.equals("FAILED " + InvariantChecker.WINDOW_EXCEEDED)) {
        r[3]++;
      } else if (o.equals("FAILED " + InvariantChecker.VALIDATION_FAILED)) {
        r[4]++;
      } else if (o.startsWith("FAILED")) {
        r[5]++;
        f14Types.merge(o.substring("FAILED ".length()), 1, Integer::sum);
      } else {
        r[6]++;
      }
    }
    int[] total = new int[7];
    rows.forEach((k, r) -> {
      md.append("| ").append(k.name().toLowerCase().replace('_', ' '));
      for (int i = 0; i < r.length; i++) {
        md.append(" | ").append(r[i]);
        total[i] += r[i];
      }
      md.append(" |\n");
    });
    md.append("| **all**");
    for (int t : total) {
      md.append(" | **").append(t).append("**");
    }
    md.append(" |\n\n");
    if (!f14Types.isEmpty()) {
      md.append("Other failures (F14), by type: ").append(f14Types).append(".\n\n");
    }
    long locked = checker.creations.stream().filter(CreationCheck::gotLock).count();
    int snaps = checker.creations.stream().mapToInt(CreationCheck::snapshots).sum();
    int backups = checker.creations.stream().mapToInt(CreationCheck::backups).sum();
    long lockedNoImage = checker.creations.stream().filter(c -> c.gotLock() && c.imageStatus() == null).count();
    md.append(String.format("%d creations took a server's lock (%d of them were stopped before their image record"
            + " existed); the cloud holds %d snapshots and %d backups of the run.%n%n",
        locked, lockedNoImage, snaps, backups));
    List<Long> durations = checker.creations.stream()
        .filter(c -> c.outcome().equals("COMPLETED") && c.view().closedAt() != null)
        .map(c -> Duration.between(c.view().startedAt(), c.view().closedAt()).toMillis())
        .sorted().toList();
    if (!durations.isEmpty()) {
      md.append(String.format("Completed creations took %s (median), %s (95th percentile), %s (longest), start to close.%n%n",
          human(Duration.ofMillis(pct(durations, 50))), human(Duration.ofMillis(pct(durations, 95))),
          human(Duration.ofMillis(durations.get(durations.size() - 1)))));
    }

    md.append("## Faults, crashes and what the run did\n\n");
    md.append("| what | count |\n|---|---:|\n");
    md.append(row("cloud API calls (`/v1/`, from the emulator's request log)", faults.requests));
    md.append(row(String.format("transient faults injected (%.1f %% of calls)", faults.requests == 0 ? 0.0
        : 100.0 * faults.faults() / faults.requests), faults.faults()));
    md.append(row("&nbsp;&nbsp;429 throttled", faults.throttled429));
    md.append(row("&nbsp;&nbsp;503 unavailable", faults.unavailable503));
    md.append(row("&nbsp;&nbsp;held past the client's timeout, no answer (logged when the hold ends: at least)", faults.hangs));
    md.append(row("&nbsp;&nbsp;change made, answer lost", faults.lostResponses));
    md.append(row("500 internal errors (none injected: each would be an emulator bug)", faults.internalErrors));
    int retries = checker.creations.stream().mapToInt(c -> c.view().activityRetries()).sum();
    int wftTimeouts = checker.creations.stream().mapToInt(c -> c.view().workflowTaskTimeouts()).sum();
    int wftFailures = checker.creations.stream().mapToInt(c -> c.view().workflowTaskFailures()).sum();
    md.append(row("activity retries (attempts beyond the first, from the histories)", retries));
    md.append(row("workflow tasks timed out (a killed worker held them)", wftTimeouts));
    md.append(row("workflow tasks failed", wftFailures));
    md.append(row("worker kills (SIGKILL at random moments), each survived", runLog.workerKills.size()));
    md.append(row("&nbsp;&nbsp;restarted workers seen polling again", runLog.workerRestartsPolling.get()));
    List<Integer> runningAtKill = runLog.workerKills.stream().map(t -> runningAt(checker, t)).toList();
    if (!runningAtKill.isEmpty()) {
      md.append(row("&nbsp;&nbsp;creations running at a kill (sum over kills)", runningAtKill.stream().mapToInt(i -> i).sum()));
    }
    md.append(row("emulator restarts (SIGKILL, same database file)", runLog.emulatorRestarts.size()));
    for (Instant t : runLog.emulatorRestarts) {
      md.append(row("&nbsp;&nbsp;creations running at that restart", runningAt(checker, t)));
    }
    long sent = runLog.cancels.values().stream().filter(RunLog.Cancel::sent).count();
    long requested = checker.creations.stream()
        .filter(c -> c.plan().kind() == Kind.CANCEL && c.view().cancelRequested()).count();
    md.append(row("cancels planned / sent / in the history before the creation closed",
        runLog.cancels.size() + " / " + sent + " / " + requested));
    md.append(row("tenant reboots of started creations' servers: 409 refused (locked) / 200 done (unlocked) / other (faults)",
        count(runLog, 409) + " / " + count(runLog, 200) + " / "
            + runLog.reboots.entrySet().stream().filter(e -> e.getKey() != 409 && e.getKey() != 200)
                .mapToInt(e -> e.getValue().get()).sum()));
    md.append("\n");
    Map<String, Long> steps = runLog.cancels.values().stream()
        .collect(Collectors.groupingBy(RunLog.Cancel::stepSeen, TreeMap::new, Collectors.counting()));
    if (!steps.isEmpty()) {
      md.append("Cancels by the step the creation reported just before (DONE: it finished first, no cancel sent): ")
          .append(steps).append(".\n\n");
    }
    md.append("Worker kills at (creations running then): ");
    List<String> kills = new ArrayList<>();
    for (int i = 0; i < runLog.workerKills.size(); i++) {
      kills.add(runLog.workerKills.get(i).toString().substring(11, 19) + " (" + runningAtKill.get(i) + ")");
    }
    md.append(String.join(", ", kills)).append(".\n\n");

    md.append("## Invariants\n\n| invariant | checked | result |\n|---|---|---|\n");
    for (Invariant inv : checker.all()) {
      md.append("| ").append(inv.name).append(" | ").append(inv.checked).append(" | ")
          .append(inv.holds() ? "holds" : "**VIOLATED (" + inv.violations.size() + ")**").append(" |\n");
    }
    md.append("\n");
    for (Invariant inv : checker.all()) {
      if (!inv.holds()) {
        md.append("### Violated: ").append(inv.name).append("\n\n");
        inv.violations.stream().limit(30).forEach(v -> md.append("- ").append(v).append("\n"));
        if (inv.violations.size() > 30) {
          md.append("- ... and ").append(inv.violations.size() - 30).append(" more\n");
        }
        md.append("\n");
      }
    }
    md.append(checker.allHold() ? "**Every invariant holds.**\n" : "**Some invariants are violated.**\n");
    return md.toString();
  }

  /** One line per creation, for digging into a run: plan, outcome, what the cloud holds of it. */
  static String csv(InvariantChecker checker) {
    StringBuilder b = new StringBuilder(
        "workflow_id,kind,server,data_disks,window,cancel_at,outcome,got_lock,snapshots,backups,image_status,"
            + "activity_retries,workflow_task_timeouts,seconds\n");
    checker.creations.stream().sorted(byNumber()).forEach(c -> {
      PlannedCreation p = c.plan();
      TemporalView v = c.view();
      b.append(String.join(",", v.workflowId(), p.kind().name(), p.serverId(), String.valueOf(p.dataDisks()),
          String.valueOf(p.window()), String.valueOf(p.cancelAt()), c.outcome(), String.valueOf(c.gotLock()),
          String.valueOf(c.snapshots()), String.valueOf(c.backups()), String.valueOf(c.imageStatus()),
          String.valueOf(v.activityRetries()), String.valueOf(v.workflowTaskTimeouts()),
          v.closedAt() == null ? "" : String.valueOf(Duration.between(v.startedAt(), v.closedAt()).toMillis() / 1000.0)))
          .append('\n');
    });
    return b.toString();
  }

  private static int runningAt(InvariantChecker checker, Instant t) {
    return (int) checker.creations.stream()
        .filter(c -> c.view().startedAt().isBefore(t) && (c.view().closedAt() == null || c.view().closedAt().isAfter(t)))
        .count();
  }

  private static int count(RunLog runLog, int status) {
    var n = runLog.reboots.get(status);
    return n == null ? 0 : n.get();
  }

  private static String row(String what, Object n) {
    return "| " + what + " | " + n + " |\n";
  }

  private static long pct(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? String.format("%d min %02d s", s / 60, s % 60) : String.format("%.1f s", d.toMillis() / 1000.0);
  }

  static Comparator<CreationCheck> byNumber() {
    return Comparator.comparingInt(c -> c.plan().number());
  }
}
