package dev.fullecs.emulator.tenant;

/** A cross-region replication pair the cloud allows (F20). */
public class RegionPair {
  public String from;
  public String to;
}
