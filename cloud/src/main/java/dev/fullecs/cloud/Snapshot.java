package dev.fullecs.cloud;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/** An EVS snapshot of one disk: {@code creating} → {@code available} or {@code error}. */
public record Snapshot(
    String id,
    String tenant,
    String diskId,
    String serverId,
    String name,
    int sizeGib,
    String status,
    int progress,
    Instant createdAt,
    Instant completedAt,
    String idempotencyKey) {

  public static final String CREATING = "creating";
  public static final String AVAILABLE = "available";
  public static final String ERROR = "error";

  @JsonIgnore
  public boolean isAvailable() {
    return AVAILABLE.equals(status);
  }

  @JsonIgnore
  public boolean isError() {
    return ERROR.equals(status);
  }
}
