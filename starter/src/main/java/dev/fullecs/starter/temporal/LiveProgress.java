package dev.fullecs.starter.temporal;

import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.Step;
import dev.fullecs.contract.StepProgress;
import dev.fullecs.contract.StepTiming;
import dev.fullecs.starter.UserCloud;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.converter.DataConverter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One look at a running creation (F10): the workflow's progress query (step, image status, AZs,
 * timings, window, the snapshots and backup started) together with per-disk and backup percent
 * from the pending activities' heartbeat details ({@link StepProgress}) in
 * DescribeWorkflowExecution.
 */
public record LiveProgress(
    String workflowId,
    String status,
    CreationProgress progress,
    List<DiskLine> disks,
    ResourceLine backup,
    long elapsedMillis) {

  /** A disk's snapshot; {@code state} is the cloud's status, {@code waiting} before it starts. */
  public record DiskLine(
      String diskId, String role, int sizeGib, String snapshotId, int percent, String state,
      int attempt, String lastFailure) {}

  public record ResourceLine(String id, int percent, String state, int attempt, String lastFailure) {}

  /**
   * Remembers what earlier looks saw (a finished disk's activity is no longer pending), and knows
   * the server's disks from the cloud.
   */
  public static final class Tracker {
    private final Map<String, DiskLine> disks = new LinkedHashMap<>();
    private ResourceLine backup;
    private final DataConverter converter;
    private final long startedAt = System.currentTimeMillis();
    private boolean disksLoaded;

    /** The activities that wait for a snapshot: today's two-step one, and the one-piece legacy. */
    private static final java.util.Set<String> SNAPSHOT_WAITS = java.util.Set.of("awaitsnapshot", "snapshotdisk");
    private static final java.util.Set<String> BACKUP_STEPS =
        java.util.Set.of("startbackup", "awaitbackup", "backupserver");

    Tracker(DataConverter converter) {
      this.converter = converter;
    }

    public LiveProgress look(
        String workflowId, WorkflowExecutionDescription description,
        Optional<CreationProgress> query, UserCloud cloud) {
      CreationProgress progress = query.orElse(null);
      if (!disksLoaded && progress != null && progress.serverId() != null) {
        loadDisks(cloud, progress.serverId());
      }
      List<String> seenPending = new ArrayList<>();
      for (PendingActivityInfo pending : description.getRawDescription().getPendingActivitiesList()) {
        String type = pending.getActivityType().getName().toLowerCase(Locale.ROOT);
        StepProgress beat = heartbeat(pending);
        String failure = pending.hasLastFailure() ? pending.getLastFailure().getMessage() : null;
        if (SNAPSHOT_WAITS.contains(type) && beat != null && beat.diskId() != null) {
          DiskLine known = disks.get(beat.diskId());
          disks.put(beat.diskId(), new DiskLine(beat.diskId(),
              known == null ? "" : known.role(), known == null ? 0 : known.sizeGib(),
              beat.resourceId(), beat.percent(), beat.status(), pending.getAttempt(), failure));
          seenPending.add(beat.diskId());
        } else if (BACKUP_STEPS.contains(type)) {
          backup = beat == null
              ? new ResourceLine(null, 0, "starting", pending.getAttempt(), failure)
              : new ResourceLine(beat.resourceId(), beat.percent(), beat.status(), pending.getAttempt(), failure);
        }
      }
      // A snapshot or backup the workflow started and whose wait has not heartbeated yet (the
      // first heartbeat comes a third of the heartbeat timeout later, issue 15): named, at 0 %.
      if (progress != null) {
        for (Map.Entry<String, String> started : progress.startedSnapshots().entrySet()) {
          DiskLine known = disks.get(started.getKey());
          if (known == null || known.snapshotId() == null) {
            disks.put(started.getKey(), new DiskLine(started.getKey(),
                known == null ? "" : known.role(), known == null ? 0 : known.sizeGib(),
                started.getValue(), 0, "creating", known == null ? 0 : known.attempt(),
                known == null ? null : known.lastFailure()));
          }
        }
        if (progress.startedBackupId() != null && (backup == null || backup.id() == null)) {
          backup = new ResourceLine(progress.startedBackupId(), 0, "protecting",
              backup == null ? 0 : backup.attempt(), backup == null ? null : backup.lastFailure());
        }
      }
      String step = progress == null ? null : progress.step();
      boolean snapshotsDone = step != null && pastStep(step, Step.SNAPSHOT_DISKS);
      for (Map.Entry<String, DiskLine> e : disks.entrySet()) {
        DiskLine d = e.getValue();
        boolean done = snapshotsDone
            || (d.snapshotId() != null && progress != null && progress.snapshotIds() != null
                && progress.snapshotIds().contains(d.snapshotId()))
            || (!seenPending.contains(d.diskId()) && d.snapshotId() != null && d.percent() >= 100);
        if (done && !"available".equals(d.state()) && !isStopped(step)) {
          e.setValue(new DiskLine(d.diskId(), d.role(), d.sizeGib(), d.snapshotId(), 100, "available", d.attempt(), null));
        }
      }
      if (backup != null && step != null && pastStep(step, Step.BACKUP_SERVER) && !isStopped(step)) {
        backup = new ResourceLine(progress.backupId() != null ? progress.backupId() : backup.id(), 100, "available", backup.attempt(), null);
      }
      return new LiveProgress(
          workflowId,
          Creations.statusName(description.getStatus()),
          progress,
          List.copyOf(disks.values()),
          backup,
          System.currentTimeMillis() - startedAt);
    }

    private void loadDisks(UserCloud cloud, String serverId) {
      try {
        for (dev.fullecs.cloud.Disk disk : cloud.server(serverId).disks()) {
          String id = disk.id();
          disks.putIfAbsent(id, new DiskLine(id, disk.role(), disk.sizeGib(), null, 0, "waiting", 0, null));
          DiskLine d = disks.get(id);
          disks.put(id, new DiskLine(id, disk.role(), disk.sizeGib(),
              d.snapshotId(), d.percent(), d.state(), d.attempt(), d.lastFailure()));
        }
        disksLoaded = true;
      } catch (RuntimeException e) {
        // The disk list only decorates the display; try again on the next look.
      }
    }

    private StepProgress heartbeat(PendingActivityInfo pending) {
      if (!pending.hasHeartbeatDetails()) {
        return null;
      }
      Payloads details = pending.getHeartbeatDetails();
      if (details.getPayloadsCount() == 0) {
        return null;
      }
      try {
        return converter.fromPayloads(0, Optional.of(details), StepProgress.class, StepProgress.class);
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  public static boolean pastStep(String current, Step step) {
    try {
      Step s = Step.valueOf(current);
      return s.ordinal() > step.ordinal() && s != Step.CLEANUP;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isStopped(String step) {
    return Step.CLEANUP.name().equals(step);
  }

  /** The time a step took, or has taken so far. */
  public static long stepMillis(StepTiming timing, String currentStep, long nowMillis) {
    if (timing.durationMillis() > 0 || !timing.step().equals(currentStep)) {
      return timing.durationMillis();
    }
    return Math.max(0, nowMillis - timing.startedAtMillis());
  }
}
