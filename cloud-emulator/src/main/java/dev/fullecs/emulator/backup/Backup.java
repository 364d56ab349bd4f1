package dev.fullecs.emulator.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.store.Resource;
import dev.fullecs.emulator.timing.Task;
import java.util.ArrayList;
import java.util.List;

/** A CBR backup of one server: {@code protecting} → {@code available} | {@code error}. */
public class Backup extends Task implements Resource {
  public String id;
  public String tenant;
  public String vaultId;
  public String serverId;
  public String region;
  public String name;
  public List<String> snapshotIds = new ArrayList<>();
  public long sizeGib;
  public boolean incremental;
  public String idempotencyKey;
  /** The image this backup is made for (F11: not deletable while that image is live), or null. */
  public String imageId;
  /** The CBR checkpoint (restore point) that took it, for a backup made by a checkpoint; else null. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String checkpointId;
  /** A checkpoint's backup: when the snapshots of its disks are all taken (its backup starts then); else null. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public Long snapshotsDoneMs;

  /** A full backup of {@code owner} in {@code vaultId}, already available at {@code nowMs}. */
  public static Backup available(
      String id, String name, String vaultId, Server owner, List<String> snapshotIds, long nowMs) {
    Backup b = new Backup();
    b.id = id;
    b.tenant = owner.tenant;
    b.vaultId = vaultId;
    b.serverId = owner.id;
    b.region = owner.region;
    b.name = name;
    b.snapshotIds = new ArrayList<>(snapshotIds);
    b.sizeGib = owner.totalSizeGib();
    b.startedMs = nowMs;
    b.completesMs = nowMs;
    b.outcome = "available";
    return b;
  }

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  protected String runningStatus() {
    return "protecting";
  }
}
