package dev.fullecs.backup;

import java.util.List;

/** The CBR backup step (F7). */
public record BackupStep(
    String tenant,
    String imageId,
    String serverId,
    String vaultId,
    List<String> snapshotIds,
    String name,
    String idempotencyKey) {}
