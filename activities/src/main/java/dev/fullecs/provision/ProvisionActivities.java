package dev.fullecs.provision;

import io.temporal.activity.ActivityInterface;

/** The steps of provisioning ECSs from a full-ECS image (F18), each a thin call to the cloud. */
@ActivityInterface
public interface ProvisionActivities {
  /**
   * Refuses, non-retryably and before anything is created, an image that cannot provision into
   * {@code az}: not found, not NORMAL, or NORMAL only in another AZ (F18).
   */
  ProvisionTarget checkImage(String tenant, String imageId, String az);

  /** One server from the image, idempotent by {@code idempotencyKey}; returns its id. */
  String createServer(String tenant, String name, String imageId, String az, String idempotencyKey);

  /** Waits, heartbeating, until the server leaves BUILDING; returns its state (RUNNING). */
  String waitRunning(String tenant, String serverId);

  /** Cleanup: the server DELETED; retried until it succeeds. */
  void deleteServer(String tenant, String serverId, String idempotencyKey);

  /**
   * Cleanup of a create whose outcome is unknown (it was in flight at a cancel): the same key
   * either returns the server it made, which is then deleted, or is refused, and then nothing
   * was made.
   */
  void deleteServerMadeByKey(
      String tenant, String name, String imageId, String az, String createKey, String deleteKey);
}
