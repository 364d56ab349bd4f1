package dev.fullecs.emulator.store;

/** One accepted change: who did what to which resource, when. */
public class AuditEntry {
  public long seq;
  public String at;
  /** The kind of credential: {@code tenant}, {@code service} or {@code admin}. */
  public String actor;
  public String tenant;
  public String operation;
  public String resourceId;
  public String detail;
}
