package dev.fullecs.emulator.server;

import java.util.List;

/**
 * The images a server may be provisioned from or take its OS from. The servers' rules ask, the
 * images answer (the image package implements it): servers know nothing else of images.
 */
public interface BootImages {
  /** The image as {@code tenant} sees it now (its own, or one shared with it), or null if it cannot see one. */
  BootImage find(String tenant, String imageId);

  /** The image's disks, in order; refuses (IMAGE_DISKS_GONE) if a snapshot of one is gone. */
  List<ImageDisk> disks(BootImage image);
}
