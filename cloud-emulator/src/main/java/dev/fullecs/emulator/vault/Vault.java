package dev.fullecs.emulator.vault;

import dev.fullecs.emulator.store.Resource;

/** A CBR vault. {@code usedGib} grows by the size of every backup created in it. */
public class Vault implements Resource {
  public String id;
  public String tenant;
  public String name;
  public String region;
  /** {@code backup} or {@code replication}. */
  public String protectionType = "backup";
  public String objectType = "server";
  public long capacityGib;
  public long usedGib;

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public String id() {
    return id;
  }
}
