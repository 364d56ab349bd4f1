package dev.fullecs.cloud;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/** A CBR backup of one server: {@code protecting} → {@code available} or {@code error}. */
public record Backup(
    String id,
    String tenant,
    String vaultId,
    String serverId,
    String name,
    List<String> snapshotIds,
    int sizeGib,
    boolean incremental,
    String status,
    int progress,
    Instant createdAt,
    Instant completedAt,
    String idempotencyKey,
    String imageId) {

  /** Without {@code imageId}, the image the backup is made for (F11), which the worker does not read. */
  public Backup(
      String id, String tenant, String vaultId, String serverId, String name, List<String> snapshotIds,
      int sizeGib, boolean incremental, String status, int progress, Instant createdAt, Instant completedAt,
      String idempotencyKey) {
    this(id, tenant, vaultId, serverId, name, snapshotIds, sizeGib, incremental, status, progress, createdAt,
        completedAt, idempotencyKey, null);
  }


  public static final String PROTECTING = "protecting";
  public static final String AVAILABLE = "available";
  public static final String ERROR = "error";

  public Backup {
    snapshotIds = snapshotIds == null ? List.of() : List.copyOf(snapshotIds);
  }

  @JsonIgnore
  public boolean isAvailable() {
    return AVAILABLE.equals(status);
  }

  @JsonIgnore
  public boolean isError() {
    return ERROR.equals(status);
  }
}
