package dev.fullecs.workflows.provision;

/** Provision {@code count} ECSs named {@code namePrefix-1..N} from a full-ECS image into {@code az} (F18). */
public record ProvisionRequest(
    String tenant, String imageId, String az, int count, String namePrefix, String clientRequestId) {}
