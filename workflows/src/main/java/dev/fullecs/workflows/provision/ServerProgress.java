package dev.fullecs.workflows.provision;

/** One server of a provisioning: PENDING, CREATING, BUILDING, RUNNING, FAILED, DELETING, DELETED. */
public record ServerProgress(int index, String name, String serverId, String state) {}
