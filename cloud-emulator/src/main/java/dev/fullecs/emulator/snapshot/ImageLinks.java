package dev.fullecs.emulator.snapshot;

import dev.fullecs.emulator.store.Tx;

/**
 * The image a snapshot or backup is made for (F11: what a live creation makes is not retained).
 * The snapshots' and backups' rules ask, the images answer (the image package implements it).
 */
public interface ImageLinks {
  /** Refuses (IMAGE_NOT_FOUND) an image id the tenant does not have; null names no image and passes. */
  void requireImage(Tx tx, String tenant, String imageId);
}
