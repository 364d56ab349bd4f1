package dev.fullecs.provision;

import java.util.List;

/** What validation learnt about the image: its region and the AZs it can provision into. */
public record ProvisionTarget(String imageId, String region, List<String> availableAzs, int disks) {}
