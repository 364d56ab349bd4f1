package dev.fullecs.image;

import java.util.List;

/**
 * One change to an image record made by the workflow.
 *
 * @param snapshotIds for {@code recordSnapshots}
 * @param backupId for {@code recordBackup}
 */
public record ImageUpdate(
    String tenant, String imageId, List<String> snapshotIds, String backupId, String idempotencyKey) {

  public static ImageUpdate of(String tenant, String imageId, String idempotencyKey) {
    return new ImageUpdate(tenant, imageId, List.of(), null, idempotencyKey);
  }
}
