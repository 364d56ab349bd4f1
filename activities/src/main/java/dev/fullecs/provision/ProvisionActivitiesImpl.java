package dev.fullecs.provision;

import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import dev.fullecs.cloud.CloudNotFoundException;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.Server;
import dev.fullecs.image.CloudFailures;
import dev.fullecs.contract.FailureType;
import dev.fullecs.image.HeartbeatingWait;
import dev.fullecs.contract.StepProgress;
import dev.fullecs.image.WaitOptions;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;

/** {@link ProvisionActivities} against the cloud. */
public final class ProvisionActivitiesImpl implements ProvisionActivities {
  private final ImageCloud cloud;
  private final WaitOptions wait;

  /** On the emulator's own API. */
  public ProvisionActivitiesImpl(CloudClient cloud) {
    this(cloud, WaitOptions.defaults());
  }

  /** On the emulator's own API. */
  public ProvisionActivitiesImpl(CloudClient cloud, WaitOptions wait) {
    this(new EmulatorImageCloud(cloud), wait);
  }

  public ProvisionActivitiesImpl(ImageCloud cloud, WaitOptions wait) {
    this.cloud = cloud;
    this.wait = wait;
  }

  @Override
  public ProvisionTarget checkImage(String tenant, String imageId, String az) {
    Image img;
    try {
      img = cloud.image(tenant, imageId);
    } catch (CloudNotFoundException e) {
      throw refused("image " + imageId + " does not exist for tenant " + tenant);
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "read image " + imageId);
    }
    if (!Image.NORMAL.equals(img.status())) {
      throw refused("image " + imageId + " is " + img.status() + "; only a NORMAL image can provision servers");
    }
    if (!img.availableAzs().contains(az)) {
      throw refused("image " + imageId + " is available in " + String.join(", ", img.availableAzs())
          + " only, not in " + az);
    }
    return new ProvisionTarget(img.id(), img.region(), img.availableAzs(), img.snapshotIds().size());
  }

  private static ApplicationFailure refused(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureType.VALIDATION_FAILED.name());
  }

  @Override
  public String createServer(String tenant, String name, String imageId, String az, String idempotencyKey) {
    try {
      return cloud.createServer(tenant, name, imageId, az, idempotencyKey).id();
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "create server " + name + " from image " + imageId);
    }
  }

  @Override
  public String waitRunning(String tenant, String serverId) {
    Server done = HeartbeatingWait.until(
        Activity.getExecutionContext(), wait,
        new StepProgress(serverId, null, 0, "BUILDING"),
        HeartbeatingWait.pacedPoll(wait.pollWait(), () -> cloud.server(tenant, serverId)),
        s -> !"BUILDING".equals(s.state()),
        s -> new StepProgress(s.id(), null, 0, s.state()),
        () -> {},
        "server " + serverId);
    if (!"RUNNING".equals(done.state())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "server " + serverId + " ended " + done.state() + ", not RUNNING", FailureType.CLOUD_REJECTED.name());
    }
    return done.state();
  }

  @Override
  public void deleteServer(String tenant, String serverId, String idempotencyKey) {
    CloudFailures.untilDone(() -> {
      try {
        return cloud.deleteServer(tenant, serverId, idempotencyKey);
      } catch (CloudNotFoundException e) {
        return null;
      } catch (CloudException e) {
        throw CloudFailures.translate(e, "delete server " + serverId);
      }
    });
  }

  @Override
  public void deleteServerMadeByKey(
      String tenant, String name, String imageId, String az, String createKey, String deleteKey) {
    String id;
    try {
      id = cloud.createServer(tenant, name, imageId, az, createKey).id();
    } catch (CloudException e) {
      if (e.retryable()) {
        throw e;
      }
      return; // refused: this key made nothing
    }
    deleteServer(tenant, id, deleteKey);
  }
}
