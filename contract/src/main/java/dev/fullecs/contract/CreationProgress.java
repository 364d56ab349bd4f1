package dev.fullecs.contract;

import java.util.List;

/**
 * F10: progress of a creation as the workflow knows it. Per-disk and backup percent come from the
 * pending activities' heartbeats (describe), not from here, so that they add no history.
 *
 * @param step the current step ({@link Step} name)
 * @param maintenanceWindowLeftMillis null when there is no window or it is not counting yet
 * @param retained what a stopped creation kept, else null
 * @param stopping why the creation is stopping early (cancel, window, failure), from the moment it
 *     began to stop; else null
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
    String stopping) {}
