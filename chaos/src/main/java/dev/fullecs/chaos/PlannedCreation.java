package dev.fullecs.chaos;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.Step;
import java.time.Duration;
import java.util.List;

/**
 * One creation of the run.
 *
 * @param serverId the server it images; for {@link Kind#BACKUP_CANCEL}, the server the backup is of
 *     (the request names only the backup)
 * @param window the maintenance window it asks for, or null
 * @param cancelAt for the cancelled kinds: the step at which it is cancelled (the first progress
 *     query that shows this step or a later one)
 * @param sourceBackupId for {@link Kind#BACKUP_CANCEL}: the CBR backup it makes the image from
 * @param badInput for {@link Kind#BAD_INPUT}: what is wrong with its request
 * @param extendAt for {@link Kind#WINDOW_EXTEND}: when its extension is sent, from the window's end
 *     (negative: before it)
 */
record PlannedCreation(
    int number,
    Kind kind,
    String serverId,
    String vaultId,
    int dataDisks,
    String window,
    Step cancelAt,
    String sourceBackupId,
    BadInput badInput,
    Duration extendAt) {

  static final String REGION = "cn-north-4";

  PlannedCreation(int number, Kind kind, String serverId, String vaultId, int dataDisks, String window, Step cancelAt) {
    this(number, kind, serverId, vaultId, dataDisks, window, cancelAt, null, null, null);
  }

  String requestId() {
    return String.format("chaos-%04d", number);
  }

  String workflowId() {
    return ImageWorkflows.workflowId(CloudAdmin.TENANT, requestId());
  }

  String imageName() {
    return String.format("chaos-image-%04d", number);
  }

  /** Disks of its server (the system disk and the data disks). */
  int disks() {
    return Math.max(0, dataDisks) + 1;
  }

  CreateImageRequest request() {
    String description = "chaos run creation " + number + " (" + kind + ")";
    if (kind == Kind.BACKUP_CANCEL) {
      return new CreateImageRequest(REGION, CloudAdmin.TENANT, null, sourceBackupId, vaultId, imageName(), "default",
          List.of(), description, true, window, requestId());
    }
    if (badInput != null) {
      return new CreateImageRequest(REGION, CloudAdmin.TENANT, serverId, null, vaultId, imageName(),
          "default", List.of(), description, badInput != BadInput.NO_AGREEMENT,
          badInput == BadInput.UNPARSEABLE_WINDOW ? BadInput.UNPARSEABLE : window, requestId());
    }
    return new CreateImageRequest(
        REGION, CloudAdmin.TENANT, serverId, null, vaultId, imageName(), "default", List.of(),
        description, true, window, requestId());
  }
}
