package dev.fullecs.provision;

import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import dev.fullecs.cloud.Image;
import dev.fullecs.image.CloudFailures;
import dev.fullecs.contract.FailureType;
import dev.fullecs.image.HeartbeatingWait;
import dev.fullecs.contract.StepProgress;
import dev.fullecs.image.WaitOptions;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;

/** {@link ReplicationActivities} against the cloud. */
public final class ReplicationActivitiesImpl implements ReplicationActivities {
  private final ImageCloud cloud;
  private final WaitOptions wait;

  /** On the emulator's own API. */
  public ReplicationActivitiesImpl(CloudClient cloud) {
    this(cloud, WaitOptions.defaults());
  }

  /** On the emulator's own API. */
  public ReplicationActivitiesImpl(CloudClient cloud, WaitOptions wait) {
    this(new EmulatorImageCloud(cloud), wait);
  }

  public ReplicationActivitiesImpl(ImageCloud cloud, WaitOptions wait) {
    this.cloud = cloud;
    this.wait = wait;
  }

  @Override
  public String requestReplica(String tenant, String imageId, String region, String idempotencyKey) {
    try {
      return cloud.replicateImage(tenant, imageId, region, idempotencyKey).id();
    } catch (CloudException e) {
      if (e.retryable()) {
        throw e;
      }
      // F20: the cloud's refusal (same region, pair not allowed, already a replica) comes before
      // anything is made, so it is a refused request, not a failed copy
      throw ApplicationFailure.newNonRetryableFailure(
          "the cloud refused to replicate image " + imageId + " to " + region + ": " + e.reason(),
          FailureType.VALIDATION_FAILED.name());
    }
  }

  @Override
  public String waitReplicaNormal(String tenant, String replicaId) {
    Image done = HeartbeatingWait.until(
        Activity.getExecutionContext(), wait,
        new StepProgress(replicaId, null, 0, Image.CREATING),
        HeartbeatingWait.pacedPoll(wait.pollWait(), () -> cloud.image(tenant, replicaId)),
        i -> !Image.CREATING.equals(i.status()),
        i -> new StepProgress(i.id(), null, 0, i.status()),
        () -> {},
        "replica " + replicaId);
    if (!Image.NORMAL.equals(done.status())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "replica " + replicaId + " ended " + done.status() + ", not NORMAL", FailureType.CLOUD_REJECTED.name());
    }
    return done.status();
  }
}
