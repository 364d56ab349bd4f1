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
    String idempotencyKey) {

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
