package dev.fullecs.contract;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Creates a full-ECS image: validate, lock the ECS, snapshot every disk, image usable in the source
 * AZ, CBR backup, image usable in the whole region, unlock (F1-F17).
 */
@WorkflowInterface
public interface FullEcsImageWorkflow {

  @WorkflowMethod
  CreationResult create(CreateImageRequest request);

  /** F10: step, image status and AZs, timings and the maintenance window's time left. */
  @QueryMethod
  CreationProgress progress();

  /**
   * F12: extends the running creation's maintenance window by {@code duration} ({@code 30m},
   * {@code PT1H}, ...). Returns the progress with the new time left.
   */
  @UpdateMethod
  CreationProgress extendMaintenanceWindow(String duration);

  @UpdateValidatorMethod(updateName = "extendMaintenanceWindow")
  void validateExtendMaintenanceWindow(String duration);
}
