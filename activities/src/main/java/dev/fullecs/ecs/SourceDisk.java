package dev.fullecs.ecs;

/** A disk of the source ECS, as the workflow needs it. {@code role} is system or data. */
public record SourceDisk(String diskId, int sizeGib, String role) {}
