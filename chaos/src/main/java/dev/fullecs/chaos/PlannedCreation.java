package dev.fullecs.chaos;

import dev.fullecs.image.CreateImageRequest;
import dev.fullecs.workflows.ImageWorkflows;
import java.util.List;

/**
 * One creation of the run.
 *
 * @param window the maintenance window it asks for, or null
 * @param cancelAfterMillis for {@link Kind#CANCEL}: when to cancel, counted from its start
 */
record PlannedCreation(
    int number,
    Kind kind,
    String serverId,
    String vaultId,
    int dataDisks,
    String window,
    long cancelAfterMillis) {

  static final String REGION = "cn-north-4";

  String requestId() {
    return String.format("chaos-%04d", number);
  }

  String workflowId() {
    return ImageWorkflows.workflowId(CloudAdmin.TENANT, requestId());
  }

  String imageName() {
    return String.format("chaos-image-%04d", number);
  }

  CreateImageRequest request() {
    return new CreateImageRequest(
        REGION, CloudAdmin.TENANT, serverId, null, vaultId, imageName(), "default", List.of(),
        "chaos run creation " + number + " (" + kind + ")", true, window, requestId());
  }
}
