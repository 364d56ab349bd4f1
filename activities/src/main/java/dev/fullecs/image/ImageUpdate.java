package dev.fullecs.image;

import java.util.List;

/**
 * One change to an image record made by the workflow.
 *
 * @param snapshotIds for {@code recordSnapshots}
 * @param backupId for {@code recordBackup}
 * @param image for {@code recordBackup}: the image as the workflow asked for it at F4, for a cloud
 *     that can only make the image from the backup (Huawei's IMS CreateWholeImage); null in
 *     histories from before issue 13 and in every other update
 */
public record ImageUpdate(
    String tenant,
    String imageId,
    List<String> snapshotIds,
    String backupId,
    String idempotencyKey,
    NewImage image) {

  public ImageUpdate(
      String tenant, String imageId, List<String> snapshotIds, String backupId, String idempotencyKey) {
    this(tenant, imageId, snapshotIds, backupId, idempotencyKey, null);
  }

  public static ImageUpdate of(String tenant, String imageId, String idempotencyKey) {
    return new ImageUpdate(tenant, imageId, List.of(), null, idempotencyKey);
  }

  /** This update with the image it is about. */
  public ImageUpdate withImage(NewImage newImage) {
    return new ImageUpdate(tenant, imageId, snapshotIds, backupId, idempotencyKey, newImage);
  }
}
