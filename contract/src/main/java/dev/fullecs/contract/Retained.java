package dev.fullecs.contract;

import java.util.List;

/**
 * What a stopped creation kept for the user (F11, F14): every snapshot taken and the CBR backup,
 * with its status at the moment of the cleanup. Written on the image record and in the memo.
 */
public record Retained(
    String imageId,
    String imageStatus,
    List<String> snapshotIds,
    String backupId,
    String backupStatus) {

  /** One line for people: {@code kept 3 snapshots (snap-1, ...) and backup bk-1 (protecting)}. */
  public String describe() {
    StringBuilder b = new StringBuilder("kept ");
    b.append(snapshotIds.size()).append(snapshotIds.size() == 1 ? " snapshot" : " snapshots");
    if (!snapshotIds.isEmpty()) {
      b.append(" (").append(String.join(", ", snapshotIds)).append(')');
    }
    if (backupId != null) {
      b.append(" and backup ").append(backupId).append(" (").append(backupStatus).append(')');
    } else {
      b.append(" and no backup");
    }
    return b.toString();
  }
}
