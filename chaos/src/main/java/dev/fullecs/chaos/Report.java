package dev.fullecs.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
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
            + "%d emulator restarts (SIGKILL), %s, emulator time scale %s, seed %d. Wall time %s: setup, "
            + "a chaos phase of %s (starts, kills, restarts, outage, recovery), the wait for the creations to close, "
            + "the checks. Work directory (logs, databases): `%s`.%n%n",
        s.creations(), s.startOver().toSeconds(), s.faultRate() * 100, runLog.workerKills.size(),
        runLog.emulatorRestarts.size(), phases(s, runLog), s.timeScale(), s.seed(), human(wall), human(chaosPhase),
        s.workDir()));
    if (s.huaweiCloud()) {
      md.append("Huawei mode (`--cloud huaweicloud`): the worker ran in `FULLECS_CLOUD=huaweicloud`, the official Huawei "
          + "Cloud SDK against the emulator's Huawei API (ECS, EVS, CBR, IMS, the Nova lock); the invariants were read "
          + "the Huawei way (docs/RELIABILITY.md, \"Huawei mode\").\n\n");
    }

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

    issue12(md, s, runLog, checker);

    md.append("## Faults, crashes and what the run did\n\n");
    md.append("| what | count |\n|---|---:|\n");
    md.append(row("cloud API calls (`/v1/`, in Huawei mode also `/v1.1/`, `/v2/`, `/v2.1/`, `/v3/`; from the emulator's request log)", faults.requests));
    int served = faults.requests - faults.outage503 - faults.refused;
    md.append(row(String.format("transient faults injected (%.1f %% of the calls outside the outage and the refusals)",
        served == 0 ? 0.0 : 100.0 * faults.faults() / served), faults.faults()));
    md.append(row("&nbsp;&nbsp;429 throttled", faults.throttled429));
    md.append(row("&nbsp;&nbsp;503 unavailable", faults.unavailable503));
    md.append(row("&nbsp;&nbsp;held past the client's timeout, no answer (logged when the hold ends: at least)", faults.hangs));
    md.append(row("&nbsp;&nbsp;change made, answer lost", faults.lostResponses));
    md.append(row("500 internal errors (none injected: each would be an emulator bug)", faults.internalErrors));
    md.append(row("calls answered 503 by the whole-service outage", faults.outage503));
    md.append(row("calls refused during the recovery (" + runLog.refusedOperation + " " + runLog.refuseStatus + ")",
        faults.refused));
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
        .filter(c -> c.plan().kind().cancelled() && c.view().cancelRequested()).count();
    md.append(row("cancels planned / sent / in the history before the creation closed",
        runLog.cancels.size() + " / " + sent + " / " + requested));
    md.append(row("tenant reboots of started creations' servers: 409 refused (locked) / 200 done (unlocked) / other (faults, outage)",
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
    if (checker.huawei) {
      md.append(HUAWEI_READING);
    }
    md.append(BOUNDS);
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

  /** One line per creation, for digging into a run: plan, outcome, what the cloud holds of it, its times and bounds. */
  static String csv(InvariantChecker checker) {
    StringBuilder b = new StringBuilder(
        "workflow_id,kind,server,data_disks,window,cancel_at,outcome,got_lock,snapshots,backups,image_status,"
            + "activity_retries,workflow_task_timeouts,seconds,bound_seconds,cleanup_seconds,unlock_after_stop_seconds,"
            + "unlock_bound_seconds\n");
    checker.creations.stream().sorted(byNumber()).forEach(c -> {
      PlannedCreation p = c.plan();
      TemporalView v = c.view();
      b.append(String.join(",", v.workflowId(), p.kind().name(), String.valueOf(p.serverId()),
          String.valueOf(p.dataDisks()), String.valueOf(p.window()), String.valueOf(p.cancelAt()), c.outcome(),
          String.valueOf(c.gotLock()), String.valueOf(c.snapshots()), String.valueOf(c.backups()),
          String.valueOf(c.imageStatus()), String.valueOf(v.activityRetries()), String.valueOf(v.workflowTaskTimeouts()),
          v.closedAt() == null ? "" : seconds(c.elapsed()), seconds(c.closingBound().total()),
          cleanup(c) == null ? "" : seconds(cleanup(c)),
          c.unlockAfterStop() == null ? "" : seconds(c.unlockAfterStop()),
          c.unlockBound() == null ? "" : seconds(c.unlockBound().total())))
          .append('\n');
    });
    return b.toString();
  }

  /** How each invariant is read in Huawei mode (HuaweiReading), printed under the invariants. */
  static final String HUAWEI_READING = """
      How the invariants are read in Huawei mode (the same invariants; `HuaweiReading` rewrites what \
      Huawei's surface leaves into the terms above, and reports what it cannot rewrite without a guess):

      - **image**: the IMS image carrying the tag `fullecs-image=<the workflow's image id>`; a second IMS \
      image with one creation's tag is a violation (resources). Until IMS made the image, a creation's \
      record is its CBR checkpoint (backup named `fullecs-<image id>`), status `NO_IMS_IMAGE`: accepted \
      where a DELETED image is (a stopped creation leaves no live image), never for a COMPLETED one.
      - **snapshots and backup**: the checkpoint's backup is the creation's backup, its disks' snapshots \
      (the backup's children) are named by the handles `backupId:diskId` the workflow records; one \
      checkpoint per creation, one snapshot per disk, the backup kept after a cancel (the memo names it).
      - **lock holder** (cannot be read: the Nova lock has none): each Nova lock/unlock in the emulator's \
      audit log is given to the one creation of that server whose `LockEcs`/`UnlockEcs` activity span \
      (history, scheduled to closed, 1 s slack) covers its time; an action no creation's span covers, \
      or two cover, is a violation (audit). From the histories alone: two creations must not hold one \
      server's lock at once (completed `LockEcs` to closed `UnlockEcs`). A server locked at the end \
      shows as locked by `(a Nova lock without a holder)`.
      - **nothing made after the cleanup (F11)**: no IMS image or checkpoint of a creation dated after its close.
      - **closing bound**: the work also counts IMS's making of the whole image (its queue and saving, \
      on the cloud's clock).
      - **tenant reboots**: through the emulator's own API (ECS BatchRebootServers is not on its Huawei \
      surface, `TenantCloud.reboot` is NOT_MAPPED there); they meet the Nova lock the worker took, as \
      on Huawei Cloud a locked server refuses a user's reboot.
      - Not applicable in Huawei mode: none.

      """;

  /** How the bounds are made, printed under the invariants. */
  static final String BOUNDS = "Bounds (issue 12). A creation must close within **work + "
      + human(Bounds.CALLS) + " + " + human(Bounds.PER_CRASH) + " per worker kill or emulator restart while it ran "
      + "+ the outage while it ran + (if it stopped) the refusal while it ran + (if the cloud was slow while it ran) "
      + "(" + Bounds.SEQUENTIAL_CALLS + " + 2 per disk) slow calls**, where work is the critical path of its cloud "
      + "tasks as the cloud timed them (slowest snapshot + backup) when it completed, its start to its lock plus its "
      + "window (extensions included) when the window ran out, its start to the cancel when cancelled, nothing when "
      + "refused. A creation told to stop while it held the lock (a cancel, its window's end) must unlock its server "
      + "within **" + human(Bounds.UNLOCK) + " (the call in flight, then the unlock) + " + human(Bounds.PER_CRASH)
      + " per crash + the outage and " + human(Bounds.AFTER_OUTAGE) + " for the retry after it + 2 slow calls** in "
      + "between: the refusal of its image cleanup is not excused.\n\n";

  /**
   * The fault shapes of issue 12: the outage and what survived it, the slow and refusing recovery,
   * the longest cleanup, the slowest unlock after a cancel, the extensions, the bad input, and how
   * close the creations came to their bounds.
   */
  private static void issue12(StringBuilder md, ChaosSettings s, RunLog runLog, InvariantChecker checker) {
    md.append("## Outage, slow cloud, refusals, extensions, bad input\n\n| what | figure |\n|---|---|\n");
    if (runLog.outage != null) {
      List<CreationCheck> through = checker.creations.stream()
          .filter(c -> !runLog.outageBetween(c.view().startedAt(), c.view().closedOrReadAt()).isZero()).toList();
      long fine = through.stream().filter(CreationCheck::endedAsExpected).count();
      md.append(row(String.format("whole-service outage, %d cloud minutes at time scale %s (%s to %s)",
          s.outageCloudMinutes(), s.timeScale(), InvariantChecker.time(runLog.outage.from()),
          runLog.outage.to() == null ? "?" : InvariantChecker.time(runLog.outage.to())),
          human(runLog.outage.length()) + " of wall time"));
      md.append(row("&nbsp;&nbsp;creations running through it / of them ended as expected", through.size() + " / " + fine));
      md.append(row("&nbsp;&nbsp;outage minutes survived", fine == through.size()
          ? String.format("%.1f", runLog.outage.length().toMillis() / 60_000.0)
          : "not survived: " + (through.size() - fine) + " creations did not end as expected"));
    } else {
      md.append(row("whole-service outage", "none"));
    }
    if (runLog.recovery != null) {
      md.append(row(String.format("recovery: every call delayed %d ms, %s answered %d (%s to %s)", runLog.slowCallMs,
          runLog.refusedOperation, runLog.refuseStatus, InvariantChecker.time(runLog.recovery.from()),
          runLog.recovery.to() == null ? "?" : InvariantChecker.time(runLog.recovery.to())),
          human(runLog.recovery.length())));
    } else {
      md.append(row("recovery (slow, refusing)", "none"));
    }
    longest(md, "longest cleanup (first cleanup activity scheduled to close)", checker.creations.stream()
        .filter(c -> cleanup(c) != null).toList(), Report::cleanup,
        c -> c.view().closedAt() == null ? "; still open" : "");
    Function<CreationCheck, String> unlockBound = c -> "; its bound " + human(c.unlockBound().total());
    longest(md, "slowest unlock after a cancel (cancel request to the unlock in the audit log)",
        checker.creations.stream().filter(c -> c.view().cancelRequested() && c.unlockBound() != null).toList(),
        CreationCheck::unlockAfterStop, unlockBound);
    longest(md, "slowest unlock after a window's end", checker.creations.stream()
        .filter(c -> !c.view().cancelRequested() && c.unlockBound() != null).toList(), CreationCheck::unlockAfterStop,
        unlockBound);
    int mostAttempts = checker.creations.stream().mapToInt(c -> c.view().cleanupAttempts()).max().orElse(0);
    md.append(row("cleanup activities that needed more than one attempt (most attempts)",
        checker.creations.stream().filter(c -> c.view().cleanupAttempts() > 1).count() + " (" + mostAttempts + ")"));
    checker.creations.stream()
        .max(Comparator.comparingDouble(c -> c.elapsed().toMillis() / (double) Math.max(1, c.closingBound().total().toMillis())))
        .ifPresent(c -> md.append(row("closest to its closing bound", c.view().workflowId() + " (" + c.plan().kind()
            + "): " + human(c.elapsed()) + " of " + c.closingBound())));
    for (CreationCheck c : checker.creations.stream().sorted(byNumber()).toList()) {
      RunLog.Extension e = runLog.extensions.get(c.view().workflowId());
      if (e != null) {
        String when = e.fromWindowEnd() == null ? "" : String.format(" %+.1f s from its window's end",
            e.fromWindowEnd().toMillis() / 1000.0);
        md.append(row("extension of " + c.view().workflowId() + when, (e.accepted() ? "accepted: " : "")
            + e.answer().replace("|", "\\|") + "; ended " + c.outcome()));
      }
      if (c.plan().kind() == Kind.BAD_INPUT) {
        md.append(row("bad input started on Temporal: " + c.plan().badInput().what, c.outcome()
            + (c.view().stuckOnWorkflowTask() ? ", stuck on a failing workflow task (attempt "
                + c.view().pendingWorkflowTaskAttempt() + ")" : "")));
      }
      if (c.plan().kind() == Kind.BACKUP_CANCEL) {
        RunLog.Cancel cancel = runLog.cancels.get(c.view().workflowId());
        md.append(row("cancel of " + c.view().workflowId() + " (from backup " + c.plan().sourceBackupId() + ")",
            (cancel == null ? "no cancel" : cancel.sent() ? "sent at " + cancel.stepSeen() : cancel.notSent())
                + "; ended " + c.outcome() + ", image " + c.imageStatus()));
      }
    }
    md.append("\n");
  }

  /** The creation with the largest {@code measure} (null, "never", is the largest), with its {@code note}. */
  private static void longest(StringBuilder md, String what, List<CreationCheck> among,
      Function<CreationCheck, Duration> measure, Function<CreationCheck, String> note) {
    CreationCheck worst = null;
    for (CreationCheck c : among) {
      Duration d = measure.apply(c);
      if (worst == null || d == null || measure.apply(worst) != null && d.compareTo(measure.apply(worst)) > 0) {
        worst = c;
      }
    }
    if (worst == null) {
      md.append(row(what, "none in this run"));
      return;
    }
    Duration d = measure.apply(worst);
    md.append(row(what, (d == null ? "never (the server stayed locked)" : human(d)) + ", " + worst.view().workflowId()
        + " (" + worst.plan().kind() + ", " + worst.outcome() + ")" + note.apply(worst)));
  }

  /** From the first cleanup activity to the close (or the last look, while open); null without a cleanup. */
  static Duration cleanup(CreationCheck c) {
    Instant from = c.view().cleanupStartedAt();
    return from == null ? null : Duration.between(from, c.view().closedOrReadAt());
  }

  private static String phases(ChaosSettings s, RunLog runLog) {
    String outage = runLog.outage == null ? "no outage"
        : "a whole-service outage of " + human(runLog.outage.length()) + " (" + s.outageCloudMinutes() + " cloud minutes)";
    String recovery = runLog.recovery == null ? "" : ", then " + human(runLog.recovery.length())
        + " of a slow cloud (every call +" + runLog.slowCallMs + " ms) refusing " + runLog.refusedOperation
        + " (" + runLog.refuseStatus + ")";
    return outage + recovery;
  }

  private static String seconds(Duration d) {
    return String.valueOf(d.toMillis() / 1000.0);
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
