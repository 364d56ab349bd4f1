package dev.fullecs.cloud;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Comparator;
import java.util.List;

/**
 * An ECS or BMS with its disks and the facts the full-ECS image rules need (F2).
 *
 * @param kind ECS or BMS
 * @param os LINUX or WINDOWS
 * @param state RUNNING, STOPPED, BUILDING, REBOOTING, RESIZING, ERROR, DELETED
 * @param sanPolicy Windows only: OnlineAll, OfflineShared, OfflineInternal; else null
 * @param lockHolder the image that holds the lock (F3), or null
 * @param lastChangeOs what the last change of OS wrote (F19), or null
 */
public record Server(
    String id,
    String name,
    String tenant,
    String region,
    String az,
    String kind,
    String os,
    String state,
    String flavor,
    List<Disk> disks,
    boolean hostsDatabase,
    String sanPolicy,
    boolean spannedVolume,
    boolean multiDiskLogicalVolume,
    List<String> configCheckFailedItems,
    boolean hasCsbsBackup,
    String enterpriseProject,
    String lockHolder,
    String imageId,
    String lastChangeOs) {

  /** Without {@code lastChangeOs} (what the worker reads). */
  public Server(
      String id, String name, String tenant, String region, String az, String kind, String os,
      String state, String flavor, List<Disk> disks, boolean hostsDatabase, String sanPolicy,
      boolean spannedVolume, boolean multiDiskLogicalVolume, List<String> configCheckFailedItems,
      boolean hasCsbsBackup, String enterpriseProject, String lockHolder, String imageId) {
    this(id, name, tenant, region, az, kind, os, state, flavor, disks, hostsDatabase, sanPolicy,
        spannedVolume, multiDiskLogicalVolume, configCheckFailedItems, hasCsbsBackup, enterpriseProject,
        lockHolder, imageId, null);
  }

  public Server {
    disks = disks == null ? List.of() : List.copyOf(disks);
    configCheckFailedItems =
        configCheckFailedItems == null ? List.of() : List.copyOf(configCheckFailedItems);
  }

  /** The disks with the system disk first, then the data disks in the cloud's order. */
  @JsonIgnore
  public List<Disk> disksSystemFirst() {
    return disks.stream().sorted(Comparator.comparing(d -> d.isSystem() ? 0 : 1)).toList();
  }

  @JsonIgnore
  public long totalDiskGib() {
    return disks.stream().mapToLong(Disk::sizeGib).sum();
  }

  @JsonIgnore
  public boolean isWindows() {
    return "WINDOWS".equals(os);
  }

  @JsonIgnore
  public boolean isLinux() {
    return "LINUX".equals(os);
  }
}
