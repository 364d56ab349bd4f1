package dev.fullecs.cloud;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A CBR vault. A full-ECS image needs protection type {@code backup} and object type {@code server}. */
public record Vault(
    String id,
    String tenant,
    String name,
    String region,
    String protectionType,
    String objectType,
    long capacityGib,
    long usedGib) {

  @JsonIgnore
  public long freeGib() {
    return capacityGib - usedGib;
  }
}
