package dev.fullecs.emulator.backup;

/**
 * What a server backup can already restore, as CBR reports it ({@code extend_info.supported_restore_mode}):
 * nothing yet, from the snapshots of its disks (in the source AZ only, F6), or from the backup
 * itself (anywhere in the region, F7).
 */
public enum RestoreMode {
  /** {@code na}: the snapshots are still being taken (or one failed). */
  NONE("na"),
  /** {@code snapshot}: every disk's snapshot is available; the backup is still being made. */
  SNAPSHOT("snapshot"),
  /** {@code backup}: the backup is available. */
  BACKUP("backup");

  private final String wire;

  RestoreMode(String wire) {
    this.wire = wire;
  }

  /** The value CBR sends. */
  public String wire() {
    return wire;
  }
}
