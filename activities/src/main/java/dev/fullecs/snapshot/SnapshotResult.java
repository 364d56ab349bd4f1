package dev.fullecs.snapshot;

/** An available snapshot of one disk. */
public record SnapshotResult(String diskId, String snapshotId) {}
