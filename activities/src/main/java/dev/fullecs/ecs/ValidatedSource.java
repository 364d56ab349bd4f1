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
 * @param lockHasNoHolder true when the cloud's lock does not say who holds it (Huawei Cloud's Nova
 *     lock): the creation then holds the server itself, with a {@code ServerLockWorkflow} (F3).
 *     Absent, so false, in results recorded before it existed.
 */
public record ValidatedSource(
    String region,
    String sourceAz,
    List<String> regionAzs,
    String serverId,
    String serverName,
    List<SourceDisk> disks,
    String backupId,
    List<String> snapshotIds,
    boolean lockHasNoHolder) {

  /** A source on a cloud whose lock names its holder. */
  public ValidatedSource(
      String region,
      String sourceAz,
      List<String> regionAzs,
      String serverId,
      String serverName,
      List<SourceDisk> disks,
      String backupId,
      List<String> snapshotIds) {
    this(region, sourceAz, regionAzs, serverId, serverName, disks, backupId, snapshotIds, false);
  }

  /** This source, on a cloud whose lock has no holder when {@code noHolder}. */
  public ValidatedSource withLockHasNoHolder(boolean noHolder) {
    return new ValidatedSource(
        region, sourceAz, regionAzs, serverId, serverName, disks, backupId, snapshotIds, noHolder);
  }
}
