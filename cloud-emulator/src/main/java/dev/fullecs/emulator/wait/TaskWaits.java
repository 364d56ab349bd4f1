package dev.fullecs.emulator.wait;

import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.timing.LongPoll;
import dev.fullecs.emulator.timing.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One long-poll over many snapshots and backups of a tenant at once, so that a client waiting for
 * thousands of them holds one request, not one each. It returns as soon as one of them is no longer
 * running, has disappeared, or one of the images named with them was deleted (F11a); else after the
 * wait. Reads only: it changes nothing.
 */
public final class TaskWaits {
  /** The most ids one wait may name: 20,000 tasks and images (a fleet of 2,000 eight-disk servers). */
  public static final int MAX_IDS = 25_000;

  private final Store store;

  public TaskWaits(Store store) {
    this.store = store;
  }

  /**
   * What the wait found at {@code nowMs}: the named tasks no longer running (finished: available or
   * error), the progress of those still running, the ids of tasks it does not know, and the named
   * images that are DELETED.
   */
  public record Found(
      long nowMs,
      List<Snapshot> finishedSnapshots,
      List<Backup> finishedBackups,
      Map<String, Task> running,
      List<String> notFound,
      List<String> deletedImages) {

    /** Something the waiting client must act on. */
    public boolean anyNews() {
      return !finishedSnapshots.isEmpty() || !finishedBackups.isEmpty() || !notFound.isEmpty()
          || !deletedImages.isEmpty();
    }
  }

  /**
   * Waits up to {@code waitSeconds} (at most {@link LongPoll#MAX_WAIT_SECONDS}) until one of the
   * tenant's snapshots {@code snapshotIds} or backups {@code backupIds} is no longer running or
   * unknown, or one of its images {@code imageIds} is DELETED; returns what it found then. An image
   * the tenant does not have is not deleted (a wait may start before its image's record).
   */
  public Found await(String tenant, List<String> snapshotIds, List<String> backupIds, List<String> imageIds,
      int waitSeconds) {
    int ids = snapshotIds.size() + backupIds.size() + imageIds.size();
    if (ids == 0) {
      throw Refusal.invalid("name at least one snapshot or backup to wait for");
    }
    if (ids > MAX_IDS) {
      throw Refusal.invalid("at most " + MAX_IDS + " ids in one wait, got " + ids);
    }
    int wait = Math.max(0, Math.min(LongPoll.MAX_WAIT_SECONDS, waitSeconds));
    long deadline = store.nowMs() + wait * 1000L;
    while (true) {
      Found found = look(tenant, snapshotIds, backupIds, imageIds);
      long now = found.nowMs();
      if (found.anyNews() || now >= deadline) {
        return found;
      }
      long firstEnd = Long.MAX_VALUE;
      for (Task t : found.running().values()) {
        firstEnd = Math.min(firstEnd, t.completesMs);
      }
      // Images are looked at again every quarter second; tasks when the first of them ends.
      long sleep = Math.min(Math.min(deadline, firstEnd) - now, 250);
      try {
        Thread.sleep(Math.max(1, sleep));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return look(tenant, snapshotIds, backupIds, imageIds);
      }
    }
  }

  private Found look(String tenant, List<String> snapshotIds, List<String> backupIds, List<String> imageIds) {
    long now = store.nowMs();
    List<Snapshot> snapshots = new ArrayList<>();
    List<Backup> backups = new ArrayList<>();
    Map<String, Task> running = new LinkedHashMap<>();
    List<String> notFound = new ArrayList<>();
    for (String id : snapshotIds) {
      sort(store.get(Snapshot.class, tenant, id), id, now, snapshots, running, notFound);
    }
    for (String id : backupIds) {
      sort(store.get(Backup.class, tenant, id), id, now, backups, running, notFound);
    }
    List<String> deleted = new ArrayList<>();
    for (String id : imageIds) {
      Image image = store.get(Image.class, tenant, id);
      if (image != null && "DELETED".equals(image.status)) {
        deleted.add(id);
      }
    }
    return new Found(now, snapshots, backups, running, notFound, deleted);
  }

  private static <T extends Task> void sort(T task, String id, long now, List<T> finished, Map<String, Task> running,
      List<String> notFound) {
    if (task == null) {
      notFound.add(id);
    } else if (task.running(now)) {
      running.put(id, task);
    } else {
      finished.add(task);
    }
  }
}
