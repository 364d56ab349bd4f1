package dev.fullecs.ecs;


import dev.fullecs.contract.CreateImageRequest;
import io.temporal.activity.ActivityInterface;

/** Steps on the source server (ECS), and the validation of a request against it. */
@ActivityInterface
public interface EcsActivities {

  /**
   * F2: checks every rule at once against the cloud's current state and changes nothing. Fails
   * non-retryable VALIDATION_FAILED whose details are the list of {@code Violation}s.
   */
  ValidatedSource validateCreation(CreateImageRequest request);

  /**
   * F3: locks the ECS for the image. Locking again by the same holder is a no-op. A lost race
   * fails VALIDATION_FAILED with the same ECS_LOCKED violation as validation would report.
   */
  void lockEcs(LockRequest request);

  /** F3, F8: unlocks the ECS; a no-op when it is already unlocked. */
  void unlockEcs(LockRequest request);
}
