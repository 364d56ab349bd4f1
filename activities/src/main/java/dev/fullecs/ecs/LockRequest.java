package dev.fullecs.ecs;

/** Lock or unlock of an ECS by the image that holds it (F3). */
public record LockRequest(String tenant, String serverId, String imageId, String idempotencyKey) {}
