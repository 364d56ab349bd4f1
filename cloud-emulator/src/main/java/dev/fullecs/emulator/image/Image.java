package dev.fullecs.emulator.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fullecs.emulator.store.Resource;
import java.util.ArrayList;
import java.util.List;

/** An IMS private image of type FULL_ECS, stored in the shape the API returns. */
public class Image implements Resource {
  public String id;
  public String tenant;
  public String name;
  public String type = "FULL_ECS";
  public String status;
  public List<String> availableAzs = new ArrayList<>();
  public String region;
  public String sourceServerId;
  public String sourceBackupId;
  public String sourceAz;
  public String vaultId;
  public String enterpriseProject = "default";
  public List<Tag> tags = new ArrayList<>();
  public String description;
  public List<String> snapshotIds = new ArrayList<>();
  public String backupId;
  public String failureReason;
  public String retainedNote;
  public String createdAt;
  public String updatedAt;
  public String idempotencyKey;
  public List<String> sharedWith = new ArrayList<>();
  /** A cross-region replica (F20): the source image's region and id. */
  public String replicatedFrom;
  /** A replica, or a whole image made on the cloud's clock, in CREATING becomes NORMAL in its whole region at this time. */
  public Long readyAtMs;
  /** A whole image made on the cloud's clock: it waits in the queue until this time, then its data is written. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public Long savingFromMs;
  /** The workflow id of the creation that made it (F16: a fresh attempt replaces its ERROR image), or null. */
  public String creationId;

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public String id() {
    return id;
  }

  /** This image as seen at {@code nowMs}: a replica is NORMAL in its region once its copy time has passed. */
  public Image settled(long nowMs, List<String> regionAzs) {
    if (!"CREATING".equals(status) || readyAtMs == null || nowMs < readyAtMs) {
      return this;
    }
    Image copy = dev.fullecs.emulator.store.Json.copy(this);
    copy.status = "NORMAL";
    copy.availableAzs = new ArrayList<>(regionAzs);
    return copy;
  }

  /** Where the image is in its making at {@code nowMs}; call it on the image as {@link #settled} shows it. */
  public ImageStage stage(long nowMs) {
    switch (status) {
      case "NORMAL":
        return ImageStage.ACTIVE;
      case "ERROR":
        return ImageStage.FAILED;
      case "DELETED":
        return ImageStage.DELETED;
      default:
        if (readyAtMs == null) {
          return ImageStage.QUEUED;
        }
        return savingFromMs != null && nowMs < savingFromMs ? ImageStage.QUEUED : ImageStage.SAVING;
    }
  }

  /**
   * How far the image's making is at {@code nowMs}, 0-100: 100 once usable; while its data is being
   * written, the share of the writing time gone by (at most 99); 0 otherwise.
   */
  public int progress(long nowMs) {
    ImageStage stage = stage(nowMs);
    if (stage == ImageStage.ACTIVE) {
      return 100;
    }
    if (stage != ImageStage.SAVING) {
      return 0;
    }
    long from = savingFromMs == null ? readyAtMs : savingFromMs;
    long total = Math.max(1, readyAtMs - from);
    return (int) Math.min(99, Math.max(0, (nowMs - from) * 100 / total));
  }

  /** CREATING or NORMAL: an image whose snapshots and backup are not retained but in use (F11). */
  public boolean live() {
    return "CREATING".equals(status) || "NORMAL".equals(status);
  }

  /** NORMAL in every AZ of the region, as opposed to "Available in AZ X" (one AZ). */
  public boolean regionWide() {
    return "NORMAL".equals(status) && availableAzs.size() > 1;
  }
}
