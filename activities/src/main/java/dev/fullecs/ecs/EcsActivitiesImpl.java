package dev.fullecs.ecs;

import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.CloudConflictException;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.CloudNotFoundException;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import dev.fullecs.image.CloudFailures;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.validation.CreationValidation;
import dev.fullecs.validation.CreationValidator;
import dev.fullecs.validation.ValidationFailures;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EcsActivities} on the {@link ImageCloud} port, holding the image service's credential and
 * acting for the tenant each request names.
 */
public class EcsActivitiesImpl implements EcsActivities {
  private static final Logger log = LoggerFactory.getLogger(EcsActivitiesImpl.class);
  private static final Pattern HOLDER = Pattern.compile("locked by image (\\S+)");

  private final ImageCloud cloud;
  private final CreationValidation validation;

  /** On the emulator's own API. */
  public EcsActivitiesImpl(CloudClient cloud) {
    this(new EmulatorImageCloud(cloud));
  }

  public EcsActivitiesImpl(ImageCloud cloud) {
    this.cloud = cloud;
    this.validation = new CreationValidation(cloud);
  }

  @Override
  public ValidatedSource validateCreation(CreateImageRequest request) {
    CreationValidation.Result result;
    try {
      result = validation.validate(request, Activity.getExecutionContext().getInfo().getWorkflowId());
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "read what validation needs");
    }
    if (!result.valid()) {
      throw ValidationFailures.failure(result.violations());
    }
    return result.source().withLockHasNoHolder(!cloud.locksNameTheirHolder());
  }

  @Override
  public void lockEcs(LockRequest request) {
    try {
      cloud.lockServer(
          request.tenant(), request.serverId(), request.imageId(), request.idempotencyKey());
    } catch (CloudConflictException e) {
      if ("ECS_LOCKED".equals(e.errorCode())) {
        // F3: a lost race reads exactly like the validation rule.
        throw ValidationFailures.failure(
            List.of(CreationValidator.ecsLocked(request.serverId(), holderOf(request, e))));
      }
      throw CloudFailures.translate(e, "lock server " + request.serverId());
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "lock server " + request.serverId());
    }
  }

  @Override
  public void unlockEcs(LockRequest request) {
    CloudFailures.untilDone(
        () -> {
          unlock(request);
          return null;
        });
  }

  private void unlock(LockRequest request) {
    try {
      cloud.unlockServer(
          request.tenant(), request.serverId(), request.imageId(), request.idempotencyKey());
    } catch (CloudConflictException e) {
      if ("LOCK_NOT_HELD".equals(e.errorCode())) {
        // Someone else holds it (e.g. our image was deleted and another creation locked it):
        // nothing of ours to release.
        log.warn(
            "server {} is not locked by image {}; nothing to unlock: {}",
            request.serverId(), request.imageId(), e.getMessage());
        return;
      }
      throw CloudFailures.translate(e, "unlock server " + request.serverId());
    } catch (CloudNotFoundException e) {
      log.warn("server {} no longer exists; nothing to unlock", request.serverId());
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "unlock server " + request.serverId());
    }
  }

  private String holderOf(LockRequest request, CloudConflictException refusal) {
    try {
      String holder = cloud.server(request.tenant(), request.serverId()).lockHolder();
      if (holder != null) {
        return holder;
      }
    } catch (CloudException e) {
      log.info("could not read who locks server {}: {}", request.serverId(), e.getMessage());
    }
    Matcher m = HOLDER.matcher(String.valueOf(refusal.getMessage()));
    return m.find() ? m.group(1) : null;
  }
}
