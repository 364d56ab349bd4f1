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
    String idempotencyKey,
    String imageId) {

  /** Without {@code imageId}, the image the snapshot is made for (F11), which the worker does not read. */
  public Snapshot(
      String id, String tenant, String diskId, String serverId, String name, int sizeGib, String status,
      int progress, Instant createdAt, Instant completedAt, String idempotencyKey) {
    this(id, tenant, diskId, serverId, name, sizeGib, status, progress, createdAt, completedAt, idempotencyKey,
        null);
  }


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
