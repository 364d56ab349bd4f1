package dev.fullecs.cloud;

import java.util.List;

/** A tenant's enterprise projects, tag policy and the cross-region pairs the cloud allows. */
public record TenantSettings(
    List<String> enterpriseProjects, TagPolicy tagPolicy, List<RegionPair> regionPairs) {

  public TenantSettings {
    enterpriseProjects = enterpriseProjects == null ? List.of() : List.copyOf(enterpriseProjects);
    tagPolicy = tagPolicy == null ? new TagPolicy(List.of()) : tagPolicy;
    regionPairs = regionPairs == null ? List.of() : List.copyOf(regionPairs);
  }

  /** The tag keys every image of the tenant must carry. */
  public record TagPolicy(List<String> requiredKeys) {
    public TagPolicy {
      requiredKeys = requiredKeys == null ? List.of() : List.copyOf(requiredKeys);
    }
  }

  /** A cross-region replication the cloud allows, from one region to another. */
  public record RegionPair(String from, String to) {}
}
