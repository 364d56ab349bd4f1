package dev.fullecs.cloud;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** An EVS disk attached to a server. {@code role} is system or data; {@code type} SSD, SAS, GPSSD, DSS. */
public record Disk(String id, int sizeGib, String role, String type, String az) {

  @JsonIgnore
  public boolean isSystem() {
    return "system".equals(role);
  }

  /** A Dedicated Distributed Storage disk, which a full-ECS image cannot include (F2). */
  @JsonIgnore
  public boolean isDss() {
    return "DSS".equals(type);
  }
}
