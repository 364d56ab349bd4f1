package dev.fullecs.emulator.server;

/** An EVS volume attached to a server. */
public class Disk {
  public String id;
  public int sizeGib;
  /** {@code system} or {@code data}. */
  public String role;
  /** {@code SSD}, {@code SAS}, {@code GPSSD}, or {@code DSS} (Dedicated Distributed Storage). */
  public String type;
  public String az;

  public Disk() {}

  public Disk(String id, int sizeGib, String role, String type, String az) {
    this.id = id;
    this.sizeGib = sizeGib;
    this.role = role;
    this.type = type;
    this.az = az;
  }
}
