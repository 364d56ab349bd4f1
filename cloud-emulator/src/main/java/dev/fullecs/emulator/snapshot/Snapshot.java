package dev.fullecs.emulator.snapshot;

import dev.fullecs.emulator.server.Disk;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.store.Resource;
import dev.fullecs.emulator.timing.Task;

/** An EVS snapshot of one disk: {@code creating} → {@code available} | {@code error}. */
public class Snapshot extends Task implements Resource {
  public String id;
  public String tenant;
  public String diskId;
  public String serverId;
  public String region;
  public String name;
  public int sizeGib;
  public String idempotencyKey;
  /** The image this snapshot is made for (F11: not deletable while that image is live), or null. */
  public String imageId;

  /** A snapshot of {@code disk} of {@code owner} that is already available at {@code nowMs}. */
  public static Snapshot available(String id, String name, Server owner, Disk disk, long nowMs) {
    Snapshot s = new Snapshot();
    s.id = id;
    s.tenant = owner.tenant;
    s.diskId = disk.id;
    s.serverId = owner.id;
    s.region = owner.region;
    s.name = name;
    s.sizeGib = disk.sizeGib;
    s.startedMs = nowMs;
    s.completesMs = nowMs;
    s.outcome = "available";
    return s;
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
    return "creating";
  }
}
