package dev.fullecs.snapshot;

/** The wait for one disk's snapshot that {@code startSnapshot} created (F5). */
public record SnapshotWait(String tenant, String imageId, String diskId, String snapshotId) {}
