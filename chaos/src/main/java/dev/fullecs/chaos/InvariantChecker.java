package dev.fullecs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.contract.MaintenanceWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads the end state of both sides (the emulator's {@code /admin/state} and audit log, Temporal's
 * describe and history of every creation) and checks the invariants of issues 8 and 12 against them.
 */
final class InvariantChecker {
  static final String WINDOW_EXCEEDED = "MAINTENANCE_WINDOW_EXCEEDED";
  static final String VALIDATION_FAILED = "VALIDATION_FAILED";
  static final String IMAGE_DELETED = "IMAGE_DELETED";
  private static final String COMPLETED = "COMPLETED";
  private static final String FAILED_WINDOW = "FAILED " + WINDOW_EXCEEDED;
  private static final String FAILED_VALIDATION = "FAILED " + VALIDATION_FAILED;

  final Invariant ended = new Invariant("every creation ended as expected (F11, F12, F14, F16), none stuck");
  final Invariant resources = new Invariant(
      "a creation that got the lock made one image (none if stopped before its record), one snapshot per disk, at most one backup; the others made nothing");
  final Invariant stateMatches = new Invariant(
      "the cloud matches each outcome: NORMAL region-wide; DELETED or ERROR with every snapshot and the backup kept and recorded on the image and in the memo");
  final Invariant orphans = new Invariant("zero orphans: every snapshot and backup made in the run is referenced by an image record");
  final Invariant foreign = new Invariant("every image, snapshot and backup made in the run belongs to one creation (its id or idempotency key)");
  final Invariant unlocked = new Invariant("no server left locked");
  final Invariant audit = new Invariant("no ECS started or changed while locked; locks taken and released only by their holder (audit log replayed in order)");
  final Invariant stoppedStays = new Invariant("a stopped ECS is never started by the orchestrator (F3)");
  final Invariant serversUnchanged = new Invariant(
      "every server's state, flavor, OS image and disks are as before the run (only the lock may change, and is released)");
  final Invariant closedInBound = new Invariant(
      "every creation closed within its bound: its own work (window, or its cloud tasks' durations) plus the run's allowances (below)");
  final Invariant unlockedPromptly = new Invariant(
      "a creation told to stop (cancel, window's end) unlocked its server within its bound, whatever its image cleanup does (F11, F14)");
  final Invariant started = new Invariant("every planned creation was started");
  final Invariant workerBack = new Invariant("the worker came back polling after every kill");

  final List<CreationCheck> creations = new ArrayList<>();
  int auditEntries;
  /** Huawei mode ({@link #checkHuawei}): the end state was read through {@link HuaweiReading}. */
  boolean huawei;
  /** Huawei mode: the Nova lock and unlock actions in the audit log, and the IMS images and checkpoints dated against their creation's close. */
  int novaActions;
  int madeAfterClose;

  List<Invariant> all() {
    return List.of(ended, resources, stateMatches, orphans, foreign, unlocked, audit, stoppedStays, serversUnchanged,
        closedInBound, unlockedPromptly, started, workerBack);
  }

  boolean allHold() {
    return all().stream().allMatch(Invariant::holds);
  }

  /**
   * Huawei mode: the same invariants, read through {@link HuaweiReading} (IMS images by their
   * {@code fullecs-image} tag, a creation's CBR checkpoint as its record until IMS made the image,
   * the disks' snapshots by their handles, each Nova lock and unlock given to the creation whose
   * lock or unlock activity ran then), plus what only Huawei's surface can get wrong (a second IMS
   * image of one creation, two holders of one holderless lock, anything made after a creation closed).
   *
   * @param spans each creation's {@code LockEcs} and {@code UnlockEcs} spans ({@link TemporalView#spans})
   */
  void checkHuawei(List<PlannedCreation> plan, Map<String, TemporalView> views, Map<String, List<TemporalView.Span>> spans,
      RunLog runLog, Set<String> stuck, JsonNode before, JsonNode after, List<JsonNode> auditLog) {
    huawei = true;
    HuaweiReading r = HuaweiReading.of(this, plan, views, spans, before, after, auditLog);
    check(plan, views, runLog, stuck, r.before, r.after, r.audit);
  }

  void check(List<PlannedCreation> plan, Map<String, TemporalView> views, RunLog runLog, Set<String> stuck,
      JsonNode before, JsonNode after, List<JsonNode> auditLog) {
    Index b = new Index(before);
    Index a = new Index(after);
    Set<String> regionAzs = new TreeSet<>();
    for (JsonNode r : after.path("world").path("regions")) {
      if (PlannedCreation.REGION.equals(r.path("id").asText())) {
        r.path("azs").forEach(z -> regionAzs.add(z.asText()));
      }
    }
    Locks locks = Locks.of(auditLog);
    auditEntries = auditLog.size();

    // Per creation.
    Map<String, List<CreationCheck>> byServerRace = new HashMap<>();
    for (PlannedCreation c : plan) {
      TemporalView v = views.get(c.workflowId());
      if (v == null) {
        started.violated(c.workflowId() + " (" + c.kind() + ") never started: " + runLog.startErrors.get(c.workflowId()));
        continue;
      }
      CreationCheck cc = checkOne(c, v, runLog, stuck, b, a, regionAzs, locks);
      creations.add(cc);
      if (c.kind() == Kind.LOCK_RACE) {
        byServerRace.computeIfAbsent(c.serverId(), k -> new ArrayList<>()).add(cc);
      }
    }
    started.checked = views.size() + " of " + plan.size() + " started";
    byServerRace.forEach((server, pair) -> {
      long refused = pair.stream().filter(x -> x.outcome().equals(FAILED_VALIDATION)).count();
      long locked = pair.stream().filter(CreationCheck::gotLock).count();
      if (refused > 1 || locked == 0) {
        ended.violated("lock race on " + server + ": " + refused + " refused, " + locked + " got the lock");
      }
    });
    ended.checked = creations.size() + " creations";
    resources.checked = creations.stream().filter(CreationCheck::gotLock).count() + " got the lock";
    stateMatches.checked = creations.size() + " creations";
    closedInBound.checked = creations.size() + " creations";
    unlockedPromptly.checked = creations.stream().filter(x -> x.unlockBound() != null).count()
        + " told to stop while locked";

    checkOrphansAndForeign(b, a, views);
    checkLocks(b, a);
    checkAudit(b, auditLog);
    if (huawei) {
      audit.checked += " (" + novaActions + " Nova lock/unlock actions given to their creation by its history)";
      resources.checked += "; " + madeAfterClose + " IMS images and checkpoints dated against their creation's close";
    }
    checkStopped(b, a, auditLog);
    checkServersUnchanged(b, a);

    workerBack.checked = runLog.workerKills.size() + " kills";
    if (runLog.workerRestartsPolling.get() != runLog.workerKills.size()) {
      workerBack.violated(runLog.workerRestartsPolling.get() + " of " + runLog.workerKills.size()
          + " restarted workers were seen polling");
    }
  }

  private CreationCheck checkOne(PlannedCreation c, TemporalView v, RunLog runLog, Set<String> stuck,
      Index before, Index after, Set<String> regionAzs, Locks locks) {
    String id = c.workflowId();
    String label = c.kind() + (c.badInput() == null ? "" : ", " + c.badInput().what);
    String outcome = switch (v.status()) {
      case "FAILED" -> "FAILED " + v.failureType();
      case "RUNNING" -> "RUNNING (stuck)";
      default -> v.status();
    };
    boolean gotLock = locks.lockedAt.containsKey(v.imageId());
    boolean fromBackup = c.sourceBackupId() != null;
    List<JsonNode> snaps = after.snapshots.values().stream()
        .filter(s -> s.path("idempotency_key").asText().startsWith(v.snapshotKeyPrefix())).toList();
    List<JsonNode> backups = after.backups.values().stream()
        .filter(x -> v.backupKey().equals(x.path("idempotency_key").asText())).toList();
    JsonNode image = after.images.get(v.imageId());
    String imageStatus = image == null ? null : image.path("status").asText();

    // 1. The ending. The run injects only transient faults (F13: retried), so no creation may end
    // with a permanent failure (F14) of its own.
    boolean f14 = "FAILED".equals(v.status())
        && !Set.of(VALIDATION_FAILED, WINDOW_EXCEEDED, IMAGE_DELETED).contains(v.failureType());
    RunLog.Cancel cancel = runLog.cancels.get(id);
    RunLog.Extension extension = runLog.extensions.get(id);
    boolean extended = extension != null && extension.accepted();
    boolean expected = switch (c.kind()) {
      case PLAIN, INVENTORY -> outcome.equals(COMPLETED);
      // The history tells whether the cancel reached the creation before it closed.
      case CANCEL, SLOW_CLEANUP, BACKUP_CANCEL -> outcome.equals(v.cancelRequested() ? "CANCELED" : COMPLETED);
      case WINDOW_EXPIRES -> outcome.equals(FAILED_WINDOW);
      case WINDOW_EXTEND -> outcome.equals(extended ? COMPLETED : FAILED_WINDOW);
      case INVALID, BAD_INPUT -> outcome.equals(FAILED_VALIDATION);
      case LOCK_RACE -> outcome.equals(COMPLETED) || outcome.equals(FAILED_VALIDATION);
    };
    String also = "";
    if (c.badInput() != null && outcome.equals(FAILED_VALIDATION)
        && !String.valueOf(v.failureMessage()).contains(c.badInput().rule)) {
      expected = false;
      also = "; it does not name the rule " + c.badInput().rule;
    }
    if (f14) {
      also += " (a permanent failure under transient faults only: F13 retries them for as long as the creation may last)";
    }
    if (extension != null) {
      also += "; " + describe(extension);
      if (extended && outcome.equals(FAILED_WINDOW)) {
        also += " (F12: an extension that was accepted must hold; a creation that is stopping must refuse it)";
      }
    }
    String sentenceWindow = expectedWindow(c, extension);
    if (WINDOW_EXCEEDED.equals(v.failureType()) && sentenceWindow != null
        && !String.valueOf(v.failureMessage()).contains("maintenance window of " + sentenceWindow + " exceeded")) {
      ended.violated(id + " ended " + WINDOW_EXCEEDED + " with the message '" + v.failureMessage()
          + "', not the sentence of F12 for its window of " + sentenceWindow);
    }
    boolean endedAsExpected = false;
    if (v.stuckOnWorkflowTask()) {
      ended.violated(id + " (" + label + ") is stuck: its workflow task fails again and again (attempt "
          + v.pendingWorkflowTaskAttempt() + "; the history records it as " + v.workflowTaskProblem() + ")"
          + (c.badInput() == null ? "" : " (F2: the workflow checks its input itself and fails VALIDATION_FAILED)"));
    } else if (stuck.contains(id) || "RUNNING".equals(v.status())) {
      ended.violated(id + " (" + label + ") still running after the drain timeout");
    } else if (!expected) {
      ended.violated(id + " (" + label + ") ended " + outcome
          + (v.failureMessage() == null ? "" : ": " + v.failureMessage())
          + (cancel == null ? "" : "; cancel " + (cancel.sent() ? "sent" : "not sent (" + cancel.notSent() + ")")
              + ", cancel request " + (v.cancelRequested() ? "in" : "not in") + " the history")
          + also);
    } else {
      endedAsExpected = true;
    }

    // 2. What it made.
    Set<String> diskIds = before.diskIds(c.serverId());
    if (!gotLock) {
      // An image from a backup takes no lock and makes no snapshot or backup, only its image (F17).
      if (image != null && !fromBackup || !snaps.isEmpty() || !backups.isEmpty()) {
        resources.violated(id + " never held the lock but made image " + (image != null) + ", "
            + snaps.size() + " snapshots, " + backups.size() + " backups");
      }
    } else {
      Map<String, Long> perDisk = snaps.stream().collect(
          Collectors.groupingBy(s -> s.path("disk_id").asText(), Collectors.counting()));
      perDisk.forEach((disk, n) -> {
        if (n > 1) {
          resources.violated(id + ": " + n + " snapshots of disk " + disk);
        }
        if (!diskIds.contains(disk)) {
          resources.violated(id + ": a snapshot of disk " + disk + ", not a disk of " + c.serverId());
        }
      });
      if (backups.size() > 1) {
        resources.violated(id + ": " + backups.size() + " backups");
      }
      if (image == null && (!snaps.isEmpty() || !backups.isEmpty())) {
        resources.violated(id + ": snapshots or a backup, but no image record " + v.imageId());
      }
      if (outcome.equals("COMPLETED") && (perDisk.size() != diskIds.size() || backups.size() != 1 || image == null)) {
        resources.violated(id + " COMPLETED with " + perDisk.size() + " of " + diskIds.size()
            + " disks snapshotted, " + backups.size() + " backups, image " + (image != null));
      }
    }

    // 3. The cloud matches the outcome. The image records what the creation made, or, made from a
    // backup, that backup and its snapshots.
    List<JsonNode> imageSnaps = snaps;
    List<JsonNode> imageBackups = backups;
    if (fromBackup) {
      JsonNode source = after.backups.get(c.sourceBackupId());
      imageBackups = source == null ? List.of() : List.of(source);
      imageSnaps = source == null ? List.of() : strings(source.path("snapshot_ids")).stream()
          .map(after.snapshots::get).filter(Objects::nonNull).toList();
      if (source == null || !"available".equals(source.path("status").asText())) {
        stateMatches.violated(id + ": its source backup " + c.sourceBackupId() + " is "
            + (source == null ? "gone" : source.path("status").asText()) + " (F11, F17: it stays available)");
      }
    }
    Set<String> snapIds = imageSnaps.stream().map(s -> s.path("id").asText()).collect(Collectors.toCollection(TreeSet::new));
    String backupId = imageBackups.isEmpty() ? null : imageBackups.get(0).path("id").asText();
    if (image != null) {
      Set<String> recorded = strings(image.path("snapshot_ids"));
      String recordedBackup = image.path("backup_id").isTextual() ? image.path("backup_id").asText() : null;
      if (!recorded.equals(snapIds)) {
        stateMatches.violated(id + ": image records snapshots " + recorded + ", the cloud holds " + snapIds);
      }
      if (!Objects.equals(recordedBackup, backupId)) {
        stateMatches.violated(id + ": image records backup " + recordedBackup + ", the cloud holds " + backupId);
      }
    }
    switch (v.status()) {
      case "COMPLETED" -> {
        boolean regionWide = image != null && "NORMAL".equals(imageStatus)
            && strings(image.path("available_azs")).equals(regionAzs);
        if (!regionWide) {
          stateMatches.violated(id + " COMPLETED but image " + v.imageId() + " is " + imageStatus
              + (image == null ? "" : " in " + strings(image.path("available_azs"))));
        }
        for (JsonNode s : imageSnaps) {
          if (!"available".equals(s.path("status").asText())) {
            stateMatches.violated(id + " COMPLETED with snapshot " + s.path("id").asText() + " " + s.path("status").asText());
          }
        }
        if (backupId != null && !"available".equals(imageBackups.get(0).path("status").asText())) {
          stateMatches.violated(id + " COMPLETED with backup " + backupId + " " + imageBackups.get(0).path("status").asText());
        }
        JsonNode r = v.result();
        if (r == null || !v.imageId().equals(r.path("imageId").asText())
            || !strings(r.path("snapshotIds")).equals(snapIds) || !Objects.equals(r.path("backupId").asText(null), backupId)) {
          stateMatches.violated(id + ": the workflow's result does not name the image, snapshots and backup the cloud holds");
        }
      }
      case "CANCELED", "FAILED" -> {
        boolean deletes = "CANCELED".equals(v.status()) || WINDOW_EXCEEDED.equals(v.failureType())
            || IMAGE_DELETED.equals(v.failureType());
        if (image != null) {
          // Huawei: a creation stopped before IMS made its image leaves only its checkpoint (kept).
          boolean gone = "DELETED".equals(imageStatus) || huawei && HuaweiReading.NO_IMS_IMAGE.equals(imageStatus);
          boolean ok = deletes ? gone
              : "ERROR".equals(imageStatus) || gone
                  || "NORMAL".equals(imageStatus) && strings(image.path("available_azs")).equals(regionAzs);
          if (!ok) {
            stateMatches.violated(id + " ended " + outcome + " but image " + v.imageId() + " is " + imageStatus);
          }
        }
        if (gotLock) {
          JsonNode memo = v.retainedMemo();
          if (memo == null) {
            stateMatches.violated(id + " ended " + outcome + " after taking the lock, without a 'retained' memo");
          } else {
            Set<String> memoSnaps = strings(memo.path("snapshotIds"));
            String memoBackup = memo.path("backupId").isTextual() ? memo.path("backupId").asText() : null;
            if (!memoSnaps.equals(snapIds) || !Objects.equals(memoBackup, backupId)) {
              stateMatches.violated(id + ": memo says kept " + memoSnaps + " and " + memoBackup
                  + ", the cloud holds " + snapIds + " and " + backupId);
            }
          }
        }
      }
      default -> { }
    }

    // 4. How long it took, against its bounds.
    Times times = checkTimes(c, v, label, outcome, gotLock, snaps, backups, image, runLog, locks);
    return new CreationCheck(c, v, outcome, endedAsExpected, gotLock, snaps.size(), backups.size(), imageStatus,
        times.elapsed, times.closing, times.unlockAfterStop, times.unlockBound);
  }

  /** A creation's times against its bounds: see {@link Bounds}. */
  private record Times(Duration elapsed, Bounds.Bound closing, Duration unlockAfterStop, Bounds.Bound unlockBound) {}

  /**
   * Start to close against the closing bound, and, for a creation told to stop while it held the
   * lock (a cancel, its window's end), the stop to its server's unlock against the unlock bound.
   */
  private Times checkTimes(PlannedCreation c, TemporalView v, String label, String outcome, boolean gotLock,
      List<JsonNode> snaps, List<JsonNode> backups, JsonNode image, RunLog runLog, Locks locks) {
    String id = c.workflowId();
    RunLog.Extension extension = runLog.extensions.get(id);
    Instant start = v.startedAt();
    Instant end = v.closedOrReadAt();
    Duration elapsed = Duration.between(start, end);
    Instant lockedAt = locks.lockedAt.get(v.imageId());
    Duration window = windowLength(c, extension, lockedAt);
    boolean stopped = "CANCELED".equals(v.status()) || WINDOW_EXCEEDED.equals(v.failureType())
        || IMAGE_DELETED.equals(v.failureType());
    Duration work;
    if (outcome.equals(FAILED_VALIDATION)) {
      work = Duration.ZERO;
    } else if ("CANCELED".equals(v.status()) && v.cancelRequested()) {
      work = Duration.between(start, v.cancelRequestedAt());
    } else if (WINDOW_EXCEEDED.equals(v.failureType()) && window != null) {
      work = Duration.between(start, lockedAt).plus(window);
    } else {
      work = criticalPath(snaps, backups);
      if (huawei) {
        // F7 on Huawei: IMS makes the whole image from the available backup, on the cloud's clock.
        work = work.plus(imsMaking(image));
      }
    }
    Bounds.Bound closing = Bounds.closing(work, runLog.crashesBetween(start, end), runLog.outageBetween(start, end),
        stopped ? runLog.recoveryBetween(start, end) : Duration.ZERO, runLog.slowDelayBetween(start, end), c.disks());
    if (elapsed.compareTo(closing.total()) > 0) {
      closedInBound.violated(id + " (" + label + ", " + outcome + ") " + (v.closedAt() == null ? "still open after " : "closed after ")
          + Report.human(elapsed) + ", more than its bound of " + closing);
    }

    Instant stopAt = null;
    String stopWhy = null;
    if (gotLock && v.cancelRequested()) {
      stopAt = v.cancelRequestedAt();
      stopWhy = "cancel";
    } else if (WINDOW_EXCEEDED.equals(v.failureType()) && window != null) {
      stopAt = lockedAt.plus(window);
      stopWhy = "end of its window";
    }
    Duration unlockAfterStop = null;
    Bounds.Bound unlockBound = null;
    if (stopAt != null) {
      Instant unlockedAt = locks.unlockedAt.get(v.imageId());
      Instant until = unlockedAt == null ? end : unlockedAt.isBefore(stopAt) ? stopAt : unlockedAt;
      unlockBound = Bounds.unlock(runLog.crashesBetween(stopAt, until), runLog.outageBetween(stopAt, until),
          runLog.slowDelayBetween(stopAt, until));
      if (unlockedAt == null) {
        unlockedPromptly.violated(id + " (" + label + "): its server " + c.serverId() + " was never unlocked after the "
            + stopWhy + " at " + time(stopAt));
      } else {
        unlockAfterStop = Duration.between(stopAt, until);
        if (unlockAfterStop.compareTo(unlockBound.total()) > 0) {
          unlockedPromptly.violated(id + " (" + label + ", " + outcome + "): its server " + c.serverId() + " was unlocked "
              + Report.human(unlockAfterStop) + " after the " + stopWhy + " (" + time(stopAt) + " to " + time(unlockedAt)
              + "), more than its bound of " + unlockBound
              + (v.cleanupStartedAt() == null ? "" : "; its image cleanup took " + v.cleanupAttempts() + " attempts"));
        }
      }
    }
    return new Times(elapsed, closing, unlockAfterStop, unlockBound);
  }

  /** The window its F12 sentence must name: the one asked for, plus an extension that was accepted. */
  private static String expectedWindow(PlannedCreation c, RunLog.Extension extension) {
    if (c.window() == null || c.badInput() != null) {
      return null;
    }
    if (extension == null || !extension.accepted()) {
      return c.window();
    }
    return MaintenanceWindow.format(
        MaintenanceWindow.parseDuration(c.window()).plus(MaintenanceWindow.parseDuration(extension.by())));
  }

  /**
   * How long the window was when it ran out: the one asked for, plus an extension accepted before
   * its end (one accepted after it cannot have pushed it). Null without a window or a lock.
   */
  private static Duration windowLength(PlannedCreation c, RunLog.Extension extension, Instant lockedAt) {
    if (c.window() == null || c.badInput() != null || lockedAt == null) {
      return null;
    }
    Duration window = MaintenanceWindow.parseDuration(c.window());
    if (extension != null && extension.accepted() && extension.at().isBefore(lockedAt.plus(window))) {
      window = window.plus(MaintenanceWindow.parseDuration(extension.by()));
    }
    return window;
  }

  /**
   * F9: the slowest snapshot, then the backup, as the cloud timed them. A task the cloud is still
   * working on counts for as long as it has run: a creation waiting for it is not late.
   */
  private static Duration criticalPath(List<JsonNode> snaps, List<JsonNode> backups) {
    Duration slowest = Duration.ZERO;
    for (JsonNode s : snaps) {
      Duration d = taskDuration(s);
      slowest = d.compareTo(slowest) > 0 ? d : slowest;
    }
    Duration backup = backups.stream().map(InvariantChecker::taskDuration).reduce(Duration.ZERO, Duration::plus);
    return slowest.plus(backup);
  }

  /** How long IMS took (or has taken so far) to make the whole image: its queue and its saving; zero without one. */
  static Duration imsMaking(JsonNode image) {
    if (image == null || !image.has("ims_id") || !image.path("created_at").isTextual()) {
      return Duration.ZERO;
    }
    Instant from = Instant.parse(image.path("created_at").asText());
    Instant to = image.path("ready_at_ms").isNumber() ? Instant.ofEpochMilli(image.path("ready_at_ms").asLong()) : Instant.now();
    return to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
  }

  private static Duration taskDuration(JsonNode task) {
    if (!task.path("created_at").isTextual()) {
      return Duration.ZERO;
    }
    Instant end = task.path("completed_at").isTextual() ? Instant.parse(task.path("completed_at").asText()) : Instant.now();
    return Duration.between(Instant.parse(task.path("created_at").asText()), end);
  }

  private static String describe(RunLog.Extension e) {
    if (!e.sent()) {
      return "extension " + e.answer();
    }
    long ms = e.fromWindowEnd().toMillis();
    return String.format("extension by %s sent %.1f s %s its window's end, %s", e.by(), Math.abs(ms) / 1000.0,
        ms < 0 ? "before" : "after", e.accepted() ? "accepted (" + e.answer() + ")" : e.answer());
  }

  static String time(Instant t) {
    return t.toString().substring(11, 19);
  }

  private void checkOrphansAndForeign(Index before, Index after, Map<String, TemporalView> views) {
    Set<String> referencedSnaps = new HashSet<>();
    Set<String> referencedBackups = new HashSet<>();
    for (JsonNode img : after.images.values()) {
      referencedSnaps.addAll(strings(img.path("snapshot_ids")));
      if (img.path("backup_id").isTextual()) {
        referencedBackups.add(img.path("backup_id").asText());
      }
    }
    Set<String> keyBases = new HashSet<>();
    Set<String> imageIds = new HashSet<>();
    views.values().forEach(v -> {
      keyBases.add(v.keyBase());
      imageIds.add(v.imageId());
    });
    int newSnaps = 0;
    int newBackups = 0;
    int newImages = 0;
    for (JsonNode s : after.snapshots.values()) {
      String sid = s.path("id").asText();
      if (before.snapshots.containsKey(sid)) {
        continue;
      }
      newSnaps++;
      if (!referencedSnaps.contains(sid)) {
        orphans.violated("snapshot " + sid + " (key " + s.path("idempotency_key").asText() + ") is referenced by no image");
      }
      if (!ownedBy(s.path("idempotency_key").asText(), keyBases)) {
        foreign.violated("snapshot " + sid + " has key " + s.path("idempotency_key").asText());
      }
    }
    for (JsonNode x : after.backups.values()) {
      String bid = x.path("id").asText();
      if (before.backups.containsKey(bid)) {
        continue;
      }
      newBackups++;
      if (!referencedBackups.contains(bid)) {
        orphans.violated("backup " + bid + " (key " + x.path("idempotency_key").asText() + ") is referenced by no image");
      }
      if (!ownedBy(x.path("idempotency_key").asText(), keyBases)) {
        foreign.violated("backup " + bid + " has key " + x.path("idempotency_key").asText());
      }
    }
    for (JsonNode img : after.images.values()) {
      String iid = img.path("id").asText();
      if (!before.images.containsKey(iid)) {
        newImages++;
        if (!imageIds.contains(iid)) {
          foreign.violated("image " + iid + " (" + img.path("name").asText() + ") belongs to no creation");
        }
      }
    }
    orphans.checked = newSnaps + " snapshots, " + newBackups + " backups";
    foreign.checked = newImages + " images, " + newSnaps + " snapshots, " + newBackups + " backups";
  }

  private static boolean ownedBy(String key, Set<String> keyBases) {
    int cut = key.indexOf('/', key.indexOf('/') + 1);
    return cut > 0 && keyBases.contains(key.substring(0, cut));
  }

  private void checkLocks(Index before, Index after) {
    int n = 0;
    for (JsonNode s : after.servers.values()) {
      n++;
      String holder = s.path("lock_holder").isTextual() ? s.path("lock_holder").asText() : null;
      if (holder == null) {
        continue;
      }
      JsonNode was = before.servers.get(s.path("id").asText());
      String heldBefore = was != null && was.path("lock_holder").isTextual() ? was.path("lock_holder").asText() : null;
      if (!holder.equals(heldBefore)) {
        unlocked.violated("server " + s.path("id").asText() + " is locked by " + holder);
      }
    }
    unlocked.checked = n + " servers (locks held before the run by the inventory excepted)";
  }

  /**
   * Replays the audit log in order: a server's lock state changes only with {@code locked by},
   * {@code unlocked by} (the holder), the unlock of a deleted CREATING image, or a force-unlock; every
   * other server action must find it unlocked.
   */
  private void checkAudit(Index before, List<JsonNode> auditLog) {
    Map<String, String> lock = new HashMap<>();
    before.servers.values().forEach(s -> {
      if (s.path("lock_holder").isTextual()) {
        lock.put(s.path("id").asText(), s.path("lock_holder").asText());
      }
    });
    int serverActions = 0;
    int refusedWouldBe = 0;
    for (JsonNode e : auditLog) {
      String op = e.path("operation").asText();
      String detail = e.path("detail").asText();
      String server = e.path("resource_id").asText();
      long seq = e.path("seq").asLong();
      if (detail.startsWith("force-unlocked")) {
        audit.violated("#" + seq + " " + server + " " + detail + " (nothing in a chaos run should need it)");
        lock.remove(server);
      } else if (op.equals("delete_image") && detail.startsWith("unlocked: image ")) {
        String img = detail.substring("unlocked: image ".length()).split(" ")[0];
        if (!img.equals(lock.get(server))) {
          audit.violated("#" + seq + " " + server + " released by deleting " + img + " while locked by " + lock.get(server));
        }
        lock.remove(server);
      } else if (op.equals("server_action")) {
        serverActions++;
        if (detail.startsWith("locked by image ")) {
          String holder = detail.substring("locked by image ".length());
          if (lock.get(server) != null) {
            audit.violated("#" + seq + " " + server + " locked by " + holder + " while locked by " + lock.get(server));
          }
          lock.put(server, holder);
        } else if (detail.startsWith("unlocked by image ")) {
          String holder = detail.substring("unlocked by image ".length());
          if (!holder.equals(lock.get(server))) {
            audit.violated("#" + seq + " " + server + " unlocked by " + holder + " while locked by " + lock.get(server));
          }
          lock.remove(server);
        } else {
          if (lock.get(server) != null) {
            audit.violated("#" + seq + " " + server + " '" + detail + "' by " + e.path("actor").asText()
                + " while locked by " + lock.get(server));
          }
          if (!"tenant".equals(e.path("actor").asText())) {
            audit.violated("#" + seq + " " + server + " '" + detail + "' by " + e.path("actor").asText()
                + ": only a tenant runs ordinary server actions");
          }
        }
      }
    }
    audit.checked = auditLog.size() + " audit entries, " + serverActions + " server actions";
  }

  private void checkStopped(Index before, Index after, List<JsonNode> auditLog) {
    int n = 0;
    for (JsonNode s : before.servers.values()) {
      if (!"STOPPED".equals(s.path("state").asText())) {
        continue;
      }
      n++;
      String id = s.path("id").asText();
      String now = after.servers.get(id).path("state").asText();
      if (!"STOPPED".equals(now)) {
        stoppedStays.violated("server " + id + " was STOPPED and is " + now);
      }
    }
    for (JsonNode e : auditLog) {
      if (e.path("detail").asText().startsWith("start:") && !"tenant".equals(e.path("actor").asText())) {
        stoppedStays.violated("#" + e.path("seq").asLong() + " " + e.path("resource_id").asText()
            + " started by " + e.path("actor").asText());
      }
    }
    stoppedStays.checked = n + " stopped servers";
  }

  private void checkServersUnchanged(Index before, Index after) {
    for (JsonNode s : before.servers.values()) {
      JsonNode now = after.servers.get(s.path("id").asText());
      if (now == null) {
        serversUnchanged.violated("server " + s.path("id").asText() + " is gone");
        continue;
      }
      for (String field : List.of("state", "flavor", "image_id", "disks", "os", "az")) {
        if (!s.path(field).equals(now.path(field))) {
          serversUnchanged.violated("server " + s.path("id").asText() + ": " + field + " was " + s.path(field)
              + ", is " + now.path(field));
        }
      }
    }
    serversUnchanged.checked = before.servers.size() + " servers";
  }

  /**
   * When each image took its server's lock and when it let it go (unlocked by its holder, or
   * released by deleting the image while CREATING), from the audit log; the first of each.
   */
  static final class Locks {
    final Map<String, Instant> lockedAt = new HashMap<>();
    final Map<String, Instant> unlockedAt = new HashMap<>();

    static Locks of(List<JsonNode> auditLog) {
      Locks l = new Locks();
      for (JsonNode e : auditLog) {
        String d = e.path("detail").asText();
        String op = e.path("operation").asText();
        Instant at = e.path("at").isTextual() ? Instant.parse(e.path("at").asText()) : Instant.EPOCH;
        if ("server_action".equals(op) && d.startsWith("locked by image ")) {
          l.lockedAt.putIfAbsent(d.substring("locked by image ".length()), at);
        } else if ("server_action".equals(op) && d.startsWith("unlocked by image ")) {
          l.unlockedAt.putIfAbsent(d.substring("unlocked by image ".length()), at);
        } else if ("delete_image".equals(op) && d.startsWith("unlocked: image ")) {
          l.unlockedAt.putIfAbsent(d.substring("unlocked: image ".length()).split(" ")[0], at);
        }
      }
      return l;
    }
  }

  static Set<String> strings(JsonNode array) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** One side of {@code /admin/state}, by id. */
  static final class Index {
    final Map<String, JsonNode> servers = new LinkedHashMap<>();
    final Map<String, JsonNode> snapshots = new LinkedHashMap<>();
    final Map<String, JsonNode> backups = new LinkedHashMap<>();
    final Map<String, JsonNode> images = new LinkedHashMap<>();

    Index(JsonNode state) {
      state.path("servers").forEach(n -> servers.put(n.path("id").asText(), n));
      state.path("snapshots").forEach(n -> snapshots.put(n.path("id").asText(), n));
      state.path("backups").forEach(n -> backups.put(n.path("id").asText(), n));
      state.path("images").forEach(n -> images.put(n.path("id").asText(), n));
    }

    Set<String> diskIds(String serverId) {
      Set<String> out = new TreeSet<>();
      JsonNode s = servers.get(serverId);
      if (s != null) {
        s.path("disks").forEach(d -> out.add(d.path("id").asText()));
      }
      return out;
    }
  }
}
