package dev.fullecs.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What a user asks for (F1). Shared by the starter, the validation and the workflow.
 *
 * <p>Exactly one source: {@code serverId} (an ECS, the usual case) or {@code sourceBackupId}
 * (an existing CBR server backup, F17). The workflow input stays lenient on unknown fields so
 * that adding a field never breaks running creations; the CLI and HTTP edges are strict.
 *
 * @param maintenanceWindow optional, {@code 30m}, {@code 2h}, {@code 1h30m} or ISO-8601; see
 *     {@link MaintenanceWindow}
 * @param clientRequestId optional; the workflow id is built from tenant and this id (F16)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateImageRequest(
    String region,
    String tenant,
    String serverId,
    String sourceBackupId,
    String vaultId,
    String imageName,
    String enterpriseProject,
    List<Tag> tags,
    String description,
    boolean agreementAccepted,
    String maintenanceWindow,
    String clientRequestId) {

  public CreateImageRequest {
    enterpriseProject =
        enterpriseProject == null || enterpriseProject.isBlank() ? "default" : enterpriseProject;
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** Nothing at all: what the workflow works with when it was started without an input. */
  public static final CreateImageRequest EMPTY =
      new CreateImageRequest(null, null, null, null, null, null, null, null, null, false, null, null);

  public boolean fromBackup() {
    return sourceBackupId != null && !sourceBackupId.isBlank();
  }
}
