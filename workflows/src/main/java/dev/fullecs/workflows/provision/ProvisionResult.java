package dev.fullecs.workflows.provision;

import java.util.List;

/** The servers, all RUNNING. */
public record ProvisionResult(String imageId, String az, List<ServerProgress> servers) {}
