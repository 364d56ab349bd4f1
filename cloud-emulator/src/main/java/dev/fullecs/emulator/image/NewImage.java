package dev.fullecs.emulator.image;

import java.util.List;

/**
 * What a new full-ECS image is asked to be: exactly one of a source server (locked by this image)
 * and a source backup (F17).
 *
 * @param type null or {@code FULL_ECS}
 * @param enterpriseProject null for {@code default}
 * @param creationId the creation (workflow id) that makes it, or null (F16)
 */
public record NewImage(
    String id,
    String name,
    String type,
    String sourceServerId,
    String sourceBackupId,
    String vaultId,
    String enterpriseProject,
    List<Tag> tags,
    String description,
    String creationId) {}
