package dev.fullecs.image;

import dev.fullecs.contract.Tag;

import java.util.List;

/**
 * The image record to create with status CREATING (F4), with an id chosen by the workflow.
 * {@code creationId} is the workflow's id: the image names the creation that made it, so that a
 * fresh attempt after a failure can replace the failed attempt's image (F16). Null in inputs
 * recorded before it existed.
 */
public record NewImage(
    String tenant,
    String imageId,
    String name,
    String sourceServerId,
    String sourceBackupId,
    String vaultId,
    String enterpriseProject,
    List<Tag> tags,
    String description,
    String idempotencyKey,
    String creationId) {

  /** The record as the cloud port takes it. */
  public dev.fullecs.cloud.ImageSpec spec() {
    return new dev.fullecs.cloud.ImageSpec(
        imageId, name, sourceServerId, sourceBackupId, vaultId, enterpriseProject, tags, description,
        creationId);
  }
}
