package dev.fullecs.image;

import dev.fullecs.contract.Retained;

import io.temporal.activity.ActivityInterface;

/** Steps on the image record (IMS). Every call is idempotent. */
@ActivityInterface
public interface ImageActivities {

  /** F4: creates the record with status CREATING under the id the workflow chose. */
  void createImageRecord(NewImage image);

  /** F5: records the snapshot ids on the image. */
  void recordSnapshots(ImageUpdate update);

  /** F6: NORMAL, usable in the source ECS's AZ only. Fails IMAGE_DELETED if it was deleted. */
  ImageState markAvailableInSourceAz(ImageUpdate update);

  /** F7: records the backup id on the image. */
  void recordBackup(ImageUpdate update);

  /** F7: NORMAL in every AZ of the region. Fails IMAGE_DELETED if it was deleted. */
  ImageState markNormalInRegion(ImageUpdate update);

  /**
   * F11, F11a, F12: records what was retained on the image and deletes it (DELETED), keeping
   * every snapshot and the backup. Idempotent: an already DELETED image stays DELETED.
   */
  Retained deleteKeepingBackups(Cleanup cleanup);

  /** F14: records what was retained and sets the image ERROR with the reason. */
  Retained markFailed(Cleanup cleanup);
}
