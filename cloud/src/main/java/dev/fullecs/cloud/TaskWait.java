package dev.fullecs.cloud;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * What one wait over many snapshots and backups found ({@link ImageCloud#waitForTasks}, {@link CloudClient#waitForTasks}): those no
 * longer running, in full; the progress of the others; the ids the cloud does not know; the named
 * images that were deleted.
 */
public record TaskWait(
    List<Snapshot> snapshots,
    List<Backup> backups,
    List<Running> running,
    List<String> notFound,
    List<String> deletedImages) {

  public TaskWait {
    snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    backups = backups == null ? List.of() : List.copyOf(backups);
    running = running == null ? List.of() : List.copyOf(running);
    notFound = notFound == null ? List.of() : List.copyOf(notFound);
    deletedImages = deletedImages == null ? List.of() : List.copyOf(deletedImages);
  }

  /**
   * One round of reads sorted into a wait's answer: a snapshot still {@code creating} or a backup
   * still {@code protecting} is running (its status and percent), the others have ended.
   */
  public static TaskWait sorted(
      List<Snapshot> read, List<Backup> readBackups, List<String> notFound, List<String> deletedImages) {
    List<Snapshot> snapshots = new ArrayList<>();
    List<Backup> backups = new ArrayList<>();
    List<Running> running = new ArrayList<>();
    for (Snapshot s : read) {
      if (Snapshot.CREATING.equals(s.status())) {
        running.add(new Running(s.id(), s.status(), s.progress()));
      } else {
        snapshots.add(s);
      }
    }
    for (Backup b : readBackups) {
      if (Backup.PROTECTING.equals(b.status())) {
        running.add(new Running(b.id(), b.status(), b.progress()));
      } else {
        backups.add(b);
      }
    }
    return new TaskWait(snapshots, backups, running, notFound, deletedImages);
  }

  /** A snapshot or backup still being taken: its status ({@code creating}, {@code protecting}) and percent. */
  public record Running(String id, String status, int progress) {}

  /** Something ended, vanished or was deleted: the waiting client has to act. */
  @JsonIgnore
  public boolean anyNews() {
    return !snapshots.isEmpty() || !backups.isEmpty() || !notFound.isEmpty() || !deletedImages.isEmpty();
  }
}
