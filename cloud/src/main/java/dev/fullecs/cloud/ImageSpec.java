package dev.fullecs.cloud;

import dev.fullecs.contract.Tag;
import java.util.List;

/**
 * The image record to create (status CREATING) under an id the caller chose. Exactly one of
 * {@code sourceServerId} and {@code sourceBackupId} is set. {@code creationId}, optional, is the
 * workflow id of the creation that makes it (F16).
 */
public record ImageSpec(
    String id,
    String name,
    String sourceServerId,
    String sourceBackupId,
    String vaultId,
    String enterpriseProject,
    List<Tag> tags,
    String description,
    String creationId) {

  public static final String TYPE_FULL_ECS = "FULL_ECS";

  public ImageSpec {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
