package dev.fullecs.cloud;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.fullecs.contract.Tag;
import java.time.Instant;
import java.util.List;

/**
 * An IMS private image. {@code status} is CREATING, NORMAL, ERROR or DELETED; a NORMAL image whose
 * {@code availableAzs} is only its source AZ is "Available in AZ X" (F6). {@code creationId} is the
 * workflow id of the creation that made it (null for images made before it was recorded).
 */
public record Image(
    String id,
    String tenant,
    String name,
    String type,
    String status,
    List<String> availableAzs,
    String region,
    String sourceServerId,
    String sourceBackupId,
    String sourceAz,
    String vaultId,
    String enterpriseProject,
    List<Tag> tags,
    String description,
    List<String> snapshotIds,
    String backupId,
    String failureReason,
    String retainedNote,
    Instant createdAt,
    Instant updatedAt,
    String idempotencyKey,
    List<String> sharedWith,
    String creationId,
    String replicatedFrom) {

  /** Without {@code replicatedFrom} ({@code region/image} of the original of a replica, F20). */
  public Image(
      String id, String tenant, String name, String type, String status, List<String> availableAzs,
      String region, String sourceServerId, String sourceBackupId, String sourceAz, String vaultId,
      String enterpriseProject, List<Tag> tags, String description, List<String> snapshotIds,
      String backupId, String failureReason, String retainedNote, Instant createdAt, Instant updatedAt,
      String idempotencyKey, List<String> sharedWith, String creationId) {
    this(id, tenant, name, type, status, availableAzs, region, sourceServerId, sourceBackupId, sourceAz,
        vaultId, enterpriseProject, tags, description, snapshotIds, backupId, failureReason, retainedNote,
        createdAt, updatedAt, idempotencyKey, sharedWith, creationId, null);
  }

  public static final String CREATING = "CREATING";
  public static final String NORMAL = "NORMAL";
  public static final String ERROR = "ERROR";
  public static final String DELETED = "DELETED";

  public Image {
    availableAzs = availableAzs == null ? List.of() : List.copyOf(availableAzs);
    tags = tags == null ? List.of() : List.copyOf(tags);
    snapshotIds = snapshotIds == null ? List.of() : List.copyOf(snapshotIds);
    sharedWith = sharedWith == null ? List.of() : List.copyOf(sharedWith);
  }

  @JsonIgnore
  public boolean isDeleted() {
    return DELETED.equals(status);
  }

  /** F16: an image in ERROR that an earlier, failed attempt of the creation {@code creationId} made. */
  @JsonIgnore
  public boolean isEarlierFailedAttemptOf(String creationId) {
    return creationId != null && creationId.equals(this.creationId) && ERROR.equals(status);
  }
}
