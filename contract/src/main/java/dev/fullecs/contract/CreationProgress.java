package dev.fullecs.contract;

import java.util.List;
import java.util.Map;

/**
 * F10: progress of a creation as the workflow knows it. Per-disk and backup percent come from the
 * pending activities' heartbeats (describe), not from here, so that they add no history.
 *
 * @param step the current step ({@link Step} name)
 * @param maintenanceWindowLeftMillis null when there is no window or it is not counting yet
 * @param retained what a stopped creation kept, else null
 * @param stopping why the creation is stopping early (cancel, window, failure), from the moment it
 *     began to stop; else null
 * @param startedSnapshots disk id to the id of its snapshot, from the moment the snapshot started
 *     (its percent comes from the wait's heartbeats, the first a third of the heartbeat timeout
 *     later: issue 15); empty before, and in a creation from a backup
 * @param startedBackupId the backup's id from the moment it started, else null
 */
public record CreationProgress(
    String step,
    String imageId,
    String serverId,
    String imageStatus,
    List<String> availableAzs,
    List<String> snapshotIds,
    String backupId,
    List<StepTiming> timings,
    String maintenanceWindow,
    Long maintenanceWindowLeftMillis,
    String retained,
    String stopping,
    Map<String, String> startedSnapshots,
    String startedBackupId) {

  public CreationProgress {
    startedSnapshots = startedSnapshots == null ? Map.of() : Map.copyOf(startedSnapshots);
  }

  /** Without what was started (a creation's progress before issue 15). */
  public CreationProgress(
      String step, String imageId, String serverId, String imageStatus, List<String> availableAzs,
      List<String> snapshotIds, String backupId, List<StepTiming> timings, String maintenanceWindow,
      Long maintenanceWindowLeftMillis, String retained, String stopping) {
    this(step, imageId, serverId, imageStatus, availableAzs, snapshotIds, backupId, timings,
        maintenanceWindow, maintenanceWindowLeftMillis, retained, stopping, Map.of(), null);
  }
}
