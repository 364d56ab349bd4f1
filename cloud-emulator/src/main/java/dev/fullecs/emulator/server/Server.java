package dev.fullecs.emulator.server;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.fullecs.emulator.store.Resource;
import java.util.ArrayList;
import java.util.List;

/** An ECS or BMS, stored in the same shape the API returns. */
@JsonPropertyOrder({"id", "name", "tenant", "region", "az", "kind", "os", "state", "flavor", "disks"})
public class Server implements Resource {
  public String id;
  public String name;
  public String tenant;
  public String region;
  public String az;
  public String kind = "ECS";
  public String os = "LINUX";
  public String state = "RUNNING";
  public String flavor = "s6.large.2";
  public List<Disk> disks = new ArrayList<>();
  public boolean hostsDatabase;
  public String sanPolicy;
  public boolean spannedVolume;
  public boolean multiDiskLogicalVolume;
  public List<String> configCheckFailedItems = new ArrayList<>();
  public boolean hasCsbsBackup;
  public String enterpriseProject = "default";
  public String lockHolder;
  public String imageId;

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public String id() {
    return id;
  }

  public int totalSizeGib() {
    return disks.stream().mapToInt(d -> d.sizeGib).sum();
  }

  public Disk disk(String diskId) {
    return disks.stream().filter(d -> d.id.equals(diskId)).findFirst().orElse(null);
  }
}
