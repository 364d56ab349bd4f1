package dev.fullecs.contract;

import java.util.List;

/** F8: what a finished creation returns. */
public record CreationResult(
    String imageId,
    String imageStatus,
    List<String> availableAzs,
    String serverId,
    List<String> snapshotIds,
    String backupId,
    List<StepTiming> timings) {}
