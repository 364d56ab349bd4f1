package dev.fullecs.snapshot;

/** One disk's snapshot step (F5). */
public record SnapshotStep(
    String tenant,
    String imageId,
    String serverId,
    String diskId,
    int sizeGib,
    String name,
    String idempotencyKey) {}
