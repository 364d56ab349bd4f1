package dev.fullecs.provision;

import io.temporal.activity.ActivityInterface;

/** Cross-region replication of a full-ECS image (F20). */
@ActivityInterface
public interface ReplicationActivities {
  /** Asks the cloud for a replica in {@code region}, idempotent by key; returns the replica's id. Refusals are non-retryable. */
  String requestReplica(String tenant, String imageId, String region, String idempotencyKey);

  /** Waits, heartbeating, until the replica leaves CREATING; returns its status (NORMAL). */
  String waitReplicaNormal(String tenant, String replicaId);
}
