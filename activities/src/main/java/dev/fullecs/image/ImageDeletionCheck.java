package dev.fullecs.image;

import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.CloudNotFoundException;
import dev.fullecs.cloud.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * F11a: a waiting step looks at its image now and then and stops with IMAGE_DELETED when a user
 * deleted it through the image API. A failed look is not a reason to stop waiting: the next one
 * will tell.
 */
public final class ImageDeletionCheck {
  private static final Logger log = LoggerFactory.getLogger(ImageDeletionCheck.class);

  private ImageDeletionCheck() {}

  /** Throws the IMAGE_DELETED failure if the image is DELETED; a missing record is not deleted. */
  public static void failIfDeleted(ImageCloud cloud, String tenant, String imageId) {
    if (imageId == null) {
      return;
    }
    Image image;
    try {
      image = cloud.image(tenant, imageId);
    } catch (CloudNotFoundException e) {
      return;
    } catch (CloudException e) {
      log.warn("could not check whether image {} was deleted: {}", imageId, e.getMessage());
      return;
    }
    if (image.isDeleted()) {
      throw CloudFailures.imageDeleted();
    }
  }
}
