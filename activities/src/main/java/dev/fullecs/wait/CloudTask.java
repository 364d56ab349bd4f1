package dev.fullecs.wait;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.contract.StepProgress;
import java.util.Objects;
import java.util.function.Function;

/**
 * A snapshot or backup the cloud is taking, as a waiting activity hands it to the {@link
 * TaskWatcher}: whose it is, the image it is made for (its deletion ends the wait, F11a), and what
 * its end means for the activity ({@code answer}: the activity's result, or an {@code
 * ApplicationFailure} thrown for a task that ended in error).
 */
public final class CloudTask {
  /** What kind of task. */
  public enum Kind {
    SNAPSHOT,
    BACKUP
  }

  private final Kind kind;
  private final String tenant;
  private final String id;
  private final String imageId;
  private final String diskId;
  private final Function<Object, Object> answer;

  private CloudTask(Kind kind, String tenant, String id, String imageId, String diskId,
      Function<Object, Object> answer) {
    this.kind = kind;
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.id = Objects.requireNonNull(id, "id");
    this.imageId = imageId;
    this.diskId = diskId;
    this.answer = answer;
  }

  /** The snapshot {@code snapshotId} of disk {@code diskId}, made for {@code imageId} (or null). */
  public static CloudTask snapshot(
      String tenant, String snapshotId, String imageId, String diskId, Function<Snapshot, ?> answer) {
    return new CloudTask(Kind.SNAPSHOT, tenant, snapshotId, imageId, diskId, s -> answer.apply((Snapshot) s));
  }

  /** The backup {@code backupId}, made for {@code imageId} (or null). */
  public static CloudTask backup(String tenant, String backupId, String imageId, Function<Backup, ?> answer) {
    return new CloudTask(Kind.BACKUP, tenant, backupId, imageId, null, b -> answer.apply((Backup) b));
  }

  public Kind kind() {
    return kind;
  }

  public String tenant() {
    return tenant;
  }

  public String id() {
    return id;
  }

  /** The image whose deletion stops the wait; null for none. */
  public String imageId() {
    return imageId;
  }

  /** The disk a snapshot is of; null for a backup. */
  public String diskId() {
    return diskId;
  }

  /** What the activity answers for the task as it ended ({@link Snapshot} or {@link Backup}). */
  Object answer(Object ended) {
    return answer.apply(ended);
  }

  /** The heartbeat details the starter and the Web UI read (F10). */
  StepProgress progress(int percent, String status) {
    return new StepProgress(id, diskId, percent, status);
  }

  /** The status the task has while the cloud takes it. */
  String runningStatus() {
    return kind == Kind.SNAPSHOT ? Snapshot.CREATING : Backup.PROTECTING;
  }

  @Override
  public String toString() {
    return (kind == Kind.SNAPSHOT ? "snapshot " : "backup ") + id;
  }
}
