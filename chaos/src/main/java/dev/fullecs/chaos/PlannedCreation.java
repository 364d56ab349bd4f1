package dev.fullecs.chaos;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.Step;
import java.util.List;

/**
 * One creation of the run.
 *
 * @param window the maintenance window it asks for, or null
 * @param cancelAt for {@link Kind#CANCEL}: the step at which it is cancelled (the first progress
 *     query that shows this step or a later one)
 */
record PlannedCreation(
    int number,
    Kind kind,
    String serverId,
    String vaultId,
    int dataDisks,
    String window,
    Step cancelAt) {

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
