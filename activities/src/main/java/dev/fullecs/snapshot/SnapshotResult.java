package dev.fullecs.snapshot;

/** The snapshot of one disk: as started, or available once awaited. */
public record SnapshotResult(String diskId, String snapshotId) {}
