package dev.fullecs.ecs;

import java.util.List;

/**
 * What validation found out about the source, for the workflow's next steps.
 *
 * @param sourceAz the AZ of the source ECS (or of the ECS the backup was taken from)
 * @param regionAzs every AZ of the region
 * @param disks the ECS's disks, system disk first; empty for a backup source
 * @param backupId the source backup (F17), else null
 * @param snapshotIds the source backup's snapshots (F17), else empty
 */
public record ValidatedSource(
    String region,
    String sourceAz,
    List<String> regionAzs,
    String serverId,
    String serverName,
    List<SourceDisk> disks,
    String backupId,
    List<String> snapshotIds) {}
