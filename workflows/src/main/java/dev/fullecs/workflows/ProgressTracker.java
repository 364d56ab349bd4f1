package dev.fullecs.workflows;

import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.StepTiming;
import dev.fullecs.contract.Step;
import dev.fullecs.contract.SearchAttributes;

import dev.fullecs.contract.MaintenanceWindow;
import dev.fullecs.contract.Retained;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a creation reports about itself (F10): the current step, step timings, image status and
 * AZs, what it made. Only reports: the workflow keeps its own state and tells this what changed.
 * Mirrors the status into the ImageStatus search attribute (except the statuses the workflow
 * reports without an upsert: {@link #imageStatusNotUpserted}) and a short table in the Web UI's
 * current details. Workflow code only: uses workflow time.
 */
final class ProgressTracker {
  Step step;
  String imageId;
  String serverId;
  String imageStatus;
  List<String> availableAzs = List.of();
  final List<String> snapshotIds = new ArrayList<>();
  String backupId;
  /** Disk id to its snapshot's id once started (query only: no command, no history). */
  final Map<String, String> startedSnapshots = new LinkedHashMap<>();
  String startedBackupId;
  final List<StepTiming> timings = new ArrayList<>();
  Duration window;
  Retained retained;
  private long stepStartedAt;

  /** Ends the current step (recording its timing) and starts {@code next}. */
  void begin(Step next) {
    long now = Workflow.currentTimeMillis();
    if (step != null) {
      timings.add(new StepTiming(step.name(), stepStartedAt, now - stepStartedAt));
    }
    step = next;
    stepStartedAt = now;
    Workflow.setCurrentDetails(details());
  }

  /** Snapshots and a backup the creation made (or, F17, took from the source backup). */
  void made(List<String> snapshots, String backup) {
    snapshotIds.addAll(snapshots);
    if (backup != null) {
      backupId = backup;
    }
    Workflow.setCurrentDetails(details());
  }

  /**
   * A disk's snapshot started (F10): the progress query names it at once, before its wait's first
   * heartbeat brings its percent. Only the query reads it.
   */
  void snapshotStarted(String diskId, String snapshotId) {
    startedSnapshots.put(diskId, snapshotId);
  }

  /** The backup started (F10), as {@link #snapshotStarted}. */
  void backupStarted(String id) {
    startedBackupId = id;
  }

  List<StepTiming> timings() {
    return List.copyOf(timings);
  }

  /**
   * The image's status, mirrored into ImageStatus in one upsert together with {@code alsoUpsert}
   * (attributes held back for it: fewer-upserts).
   */
  void imageStatus(String status, List<String> azs, List<SearchAttributeUpdate<?>> alsoUpsert) {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>(alsoUpsert);
    updates.add(SearchAttributeUpdate.valueSet(SearchAttributes.IMAGE_STATUS, status));
    Workflow.upsertTypedSearchAttributes(updates.toArray(new SearchAttributeUpdate<?>[0]));
    imageStatusNotUpserted(status, azs);
  }

  /** The image's status for the progress query and the details only: no search attribute. */
  void imageStatusNotUpserted(String status, List<String> azs) {
    imageStatus = status;
    availableAzs = List.copyOf(azs);
    Workflow.setCurrentDetails(details());
  }

  CreationProgress snapshot(Long windowLeftMillis, String stopping) {
    return new CreationProgress(
        step == null ? null : step.name(),
        imageId,
        serverId,
        imageStatus,
        availableAzs,
        List.copyOf(snapshotIds),
        backupId,
        List.copyOf(timings),
        window == null ? null : MaintenanceWindow.format(window),
        windowLeftMillis,
        retained == null ? null : retained.describe(),
        stopping,
        startedSnapshots,
        startedBackupId);
  }

  /** A short markdown table for the Web UI's "current details". */
  private String details() {
    StringBuilder b = new StringBuilder();
    b.append("| | |\n|---|---|\n");
    b.append("| step | ").append(step).append(" |\n");
    b.append("| image | ").append(imageId);
    if (imageStatus != null) {
      b.append(' ').append(imageStatus);
      if (!availableAzs.isEmpty()) {
        b.append(" in ").append(String.join(", ", availableAzs));
      }
    }
    b.append(" |\n");
    if (serverId != null) {
      b.append("| ECS | ").append(serverId).append(" |\n");
    }
    if (!snapshotIds.isEmpty()) {
      b.append("| snapshots | ").append(String.join(", ", snapshotIds)).append(" |\n");
    }
    if (backupId != null) {
      b.append("| backup | ").append(backupId).append(" |\n");
    }
    if (window != null) {
      b.append("| maintenance window | ").append(MaintenanceWindow.format(window)).append(" |\n");
    }
    if (retained != null) {
      b.append("| retained | ").append(retained.describe()).append(" |\n");
    }
    for (StepTiming t : timings) {
      b.append("| ").append(t.step()).append(" | ")
          .append(String.format("%.1fs", t.durationMillis() / 1000.0)).append(" |\n");
    }
    return b.toString();
  }
}
