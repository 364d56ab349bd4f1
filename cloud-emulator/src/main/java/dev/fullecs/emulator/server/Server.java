package dev.fullecs.emulator.server;

import com.fasterxml.jackson.annotation.JsonInclude;
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
  /**
   * Locked without a holder (Huawei's Nova lock has none; the orchestrator keeps who holds it).
   * Left out of the JSON while false, so the own API's server looks as it always did.
   */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  public boolean unnamedLock;
  public String imageId;
  /** Provisioned from an image (F18): when it leaves BUILDING for RUNNING. */
  public Long readyAtMs;
  /** What the last change_os wrote (F19). */
  public String lastChangeOs;

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public String id() {
    return id;
  }

  /** This server as seen at {@code nowMs}: a provisioned server is RUNNING once its restore time has passed. */
  public Server settled(long nowMs) {
    if (!"BUILDING".equals(state) || readyAtMs == null || nowMs < readyAtMs) {
      return this;
    }
    Server copy = dev.fullecs.emulator.store.Json.copy(this);
    copy.state = "RUNNING";
    return copy;
  }

  public int totalSizeGib() {
    return disks.stream().mapToInt(d -> d.sizeGib).sum();
  }

  public Disk disk(String diskId) {
    return disks.stream().filter(d -> d.id.equals(diskId)).findFirst().orElse(null);
  }
}
