package dev.fullecs.image;

import dev.fullecs.contract.Tag;

import java.util.List;

/** The image record to create with status CREATING (F4), with an id chosen by the workflow. */
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
    String idempotencyKey) {}
