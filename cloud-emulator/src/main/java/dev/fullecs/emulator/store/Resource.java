package dev.fullecs.emulator.store;

/** A tenant-owned document kept by the {@link Store}: servers, snapshots, backups, vaults, images. */
public interface Resource {
  String tenant();

  String id();
}
