package dev.fullecs.emulator.image;

/**
 * Where an image is in its making, as an image service that makes it on its own clock reports it
 * (Huawei's IMS: {@code queued}, {@code saving}, {@code active}, {@code killed}, {@code deleted}).
 */
public enum ImageStage {
  /** CREATING, its data not being written yet. */
  QUEUED,
  /** CREATING, its data being written (a whole image from a backup, a replica being copied). */
  SAVING,
  /** NORMAL: usable (in its source AZ or in the whole region). */
  ACTIVE,
  /** ERROR. */
  FAILED,
  /** DELETED. */
  DELETED
}
