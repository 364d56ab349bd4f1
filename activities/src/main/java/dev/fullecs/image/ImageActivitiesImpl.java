package dev.fullecs.image;

import dev.fullecs.contract.Retained;
import dev.fullecs.contract.StepProgress;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.CloudConflictException;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.CloudNotFoundException;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import dev.fullecs.cloud.ImageSpec;
import dev.fullecs.cloud.Region;
import dev.fullecs.cloud.ResourceFilter;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.validation.CreationValidator;
import dev.fullecs.validation.ValidationFailures;
import io.temporal.activity.Activity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ImageActivities} on the {@link ImageCloud} port, with the image service's credential.
 *
 * <p>The cleanup ({@link #deleteKeepingBackups}, {@link #markFailed}) never creates anything: it
 * finds the snapshots and the backup by the idempotency keys that created them. Its own calls carry
 * keys derived from the image and from what they write, so a retry with the same findings replays
 * and a retry that found more is a new, accepted call.
 */
public class ImageActivitiesImpl implements ImageActivities {
  private static final Logger log = LoggerFactory.getLogger(ImageActivitiesImpl.class);

  private final ImageCloud cloud;

  /** On the emulator's own API. */
  public ImageActivitiesImpl(CloudClient cloud) {
    this(new EmulatorImageCloud(cloud));
  }

  public ImageActivitiesImpl(ImageCloud cloud) {
    this.cloud = cloud;
  }

  @Override
  public void createImageRecord(NewImage image) {
    ImageSpec spec = image.spec();
    replaceEarlierFailedAttempts(image);
    try {
      cloud.createImageRecord(image.tenant(), spec, image.idempotencyKey());
    } catch (CloudConflictException e) {
      if ("BACKUP_ALREADY_USED".equals(e.errorCode())) {
        // F17: lost the race for the backup; reads like the validation rule.
        throw ValidationFailures.failure(
            List.of(
                CreationValidator.backupAlreadyUsed(
                    image.sourceBackupId(), imageUsing(image.tenant(), image.sourceBackupId()))));
      }
      throw CloudFailures.translate(e, "create image record " + image.imageId());
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "create image record " + image.imageId());
    }
  }

  /**
   * F16: a fresh attempt after a failure takes the name of the earlier attempt's image, which is
   * in ERROR. That image is deleted, its snapshots and backup kept (F11), with a note naming the
   * fresh attempt's image, so that names stay unique among non-deleted images. The note comes
   * first: a retry after it finds the image still in ERROR, or already DELETED and skipped.
   */
  private void replaceEarlierFailedAttempts(NewImage image) {
    if (image.creationId() == null) {
      return;
    }
    String tenant = image.tenant();
    List<Image> earlier =
        call(() -> cloud.images(tenant, ResourceFilter.all().withName(image.name())),
                "look up earlier attempts named " + image.name())
            .stream()
            .filter(i -> !i.id().equals(image.imageId()) && tenant.equals(i.tenant()))
            .filter(i -> i.isEarlierFailedAttemptOf(image.creationId()))
            .toList();
    for (Image old : earlier) {
      String replaced = "replaced by a fresh attempt (image " + image.imageId() + ")";
      String current = old.retainedNote() == null ? "" : old.retainedNote();
      String key = image.idempotencyKey() + "/replace/" + old.id();
      if (!current.contains(replaced)) {
        String note = current.isBlank() ? replaced : current + "; " + replaced;
        call(() -> cloud.recordRetained(tenant, old.id(), note, key + "/note"),
            "record on image " + old.id() + " that it is replaced");
      }
      call(() -> cloud.deleteImageKeepingBackups(tenant, old.id(), key + "/delete"),
          "delete image " + old.id() + " of the failed attempt");
      log.info("image {} of a failed attempt replaced by {} (its snapshots and backup kept)", old.id(), image.imageId());
    }
  }

  @Override
  public void recordSnapshots(ImageUpdate update) {
    call(
        () ->
            cloud.recordSnapshots(
                update.tenant(), update.imageId(), update.snapshotIds(), update.idempotencyKey()),
        "record the snapshots on image " + update.imageId());
  }

  @Override
  public ImageState markAvailableInSourceAz(ImageUpdate update) {
    Image image =
        call(
            () ->
                cloud.makeUsableInSourceAz(
                    update.tenant(), update.imageId(), update.idempotencyKey()),
            "make image " + update.imageId() + " available in its source AZ");
    return new ImageState(image.status(), image.availableAzs());
  }

  @Override
  public void recordBackup(ImageUpdate update) {
    call(
        () ->
            cloud.recordBackup(
                update.tenant(), update.imageId(), update.backupId(),
                update.image() == null ? null : update.image().spec(),
                update.idempotencyKey()),
        "record the backup on image " + update.imageId());
  }

  @Override
  public ImageState markNormalInRegion(ImageUpdate update) {
    Image image =
        call(
            () ->
                cloud.makeNormalInRegion(
                    update.tenant(), update.imageId(), update.idempotencyKey()),
            "make image " + update.imageId() + " normal in its region");
    return new ImageState(image.status(), image.availableAzs());
  }

  @Override
  public Retained deleteKeepingBackups(Cleanup cleanup) {
    return CloudFailures.untilDone(() -> delete(cleanup));
  }

  private Retained delete(Cleanup cleanup) {
    Optional<Image> image = image(cleanup);
    Found found = find(cleanup, image);
    if (image.isEmpty()) {
      return found.retained(cleanup.imageId(), null);
    }
    Image current = record(cleanup, image.get(), found);
    if (!current.isDeleted()) {
      current =
          cleanupCall(
              () ->
                  cloud.deleteImageKeepingBackups(
                      cleanup.tenant(), cleanup.imageId(),
                      key(cleanup, "delete", "delete_backup=false")),
              "delete image " + cleanup.imageId());
    }
    return found.retained(cleanup.imageId(), current.status());
  }

  @Override
  public Retained markFailed(Cleanup cleanup) {
    return CloudFailures.untilDone(() -> fail(cleanup));
  }

  private Retained fail(Cleanup cleanup) {
    Optional<Image> image = image(cleanup);
    Found found = find(cleanup, image);
    if (image.isEmpty()) {
      return found.retained(cleanup.imageId(), null);
    }
    if (isNormalInRegion(cleanup.tenant(), image.get())) {
      // F14: once NORMAL region-wide nothing turns it to ERROR.
      log.warn(
          "image {} is already NORMAL in its region; not marking it failed ({})",
          cleanup.imageId(), cleanup.reason());
      return found.retained(cleanup.imageId(), image.get().status());
    }
    Image current = record(cleanup, image.get(), found);
    if (!current.isDeleted() && !Image.ERROR.equals(current.status())) {
      try {
        current =
            cloud.markImageError(
                cleanup.tenant(), cleanup.imageId(), cleanup.reason(),
                key(cleanup, "set_status_error", cleanup.reason()));
        beat("marked image " + cleanup.imageId() + " ERROR");
      } catch (CloudConflictException e) {
        // Deleted or made region-wide NORMAL meanwhile: nothing to mark; report how it is now.
        log.warn("image {} was not marked ERROR: {}", cleanup.imageId(), e.getMessage());
        current = image(cleanup).orElse(current);
      } catch (CloudException e) {
        throw CloudFailures.translate(e, "mark image " + cleanup.imageId() + " failed");
      }
    }
    return found.retained(cleanup.imageId(), current.status());
  }

  /**
   * What the creation's keys created, in the order of the keys. A cleanup that does not know the
   * disks (a reset refused before validation) reports the snapshots the image already lists.
   */
  private Found find(Cleanup cleanup, Optional<Image> image) {
    String tenant = cleanup.tenant();
    List<String> snapshotIds = new ArrayList<>();
    for (String key : cleanup.snapshotKeys()) {
      cleanupCall(() -> cloud.snapshotMadeBy(tenant, cleanup.imageId(), key), "look up the snapshot with key " + key)
          .map(Snapshot::id)
          .ifPresent(snapshotIds::add);
    }
    if (cleanup.snapshotKeys().isEmpty() && image.isPresent() && image.get().sourceBackupId() == null) {
      snapshotIds.addAll(image.get().snapshotIds());
    }
    Backup backup =
        cleanup.backupKey() == null
            ? null
            : cleanupCall(
                    () -> cloud.backupMadeBy(tenant, cleanup.imageId(), cleanup.backupKey()),
                    "look up the backup with key " + cleanup.backupKey())
                .orElse(null);
    return new Found(snapshotIds, backup);
  }

  /** Writes what was retained on the record (F11: accepted in every status); returns the record. */
  private Image record(Cleanup cleanup, Image image, Found found) {
    String tenant = cleanup.tenant();
    String id = cleanup.imageId();
    Image current = image;
    if (!found.snapshotIds().isEmpty()
        && !new HashSet<>(current.snapshotIds()).equals(new HashSet<>(found.snapshotIds()))) {
      String ids = String.join(",", found.snapshotIds());
      current =
          cleanupCall(
              () -> cloud.recordSnapshots(tenant, id, found.snapshotIds(), key(cleanup, "set_snapshots", ids)),
              "record the snapshots on image " + id);
    }
    if (found.backup() != null && !found.backup().id().equals(current.backupId())) {
      String backupId = found.backup().id();
      current =
          cleanupCall(
              () -> cloud.recordBackup(tenant, id, backupId, null, key(cleanup, "set_backup", backupId)),
              "record the backup on image " + id);
    }
    String note = found.retained(id, null).describe() + "; " + cleanup.reason();
    if (!note.equals(current.retainedNote())) {
      current =
          cleanupCall(
              () -> cloud.recordRetained(tenant, id, note, key(cleanup, "set_retained", note)),
              "record what was retained on image " + id);
    }
    return current;
  }

  private Optional<Image> image(Cleanup cleanup) {
    try {
      Image image = cloud.image(cleanup.tenant(), cleanup.imageId());
      beat("read image " + cleanup.imageId());
      return Optional.of(image);
    } catch (CloudNotFoundException e) {
      return Optional.empty();
    } catch (CloudException e) {
      throw CloudFailures.translate(e, "read image " + cleanup.imageId());
    }
  }

  private boolean isNormalInRegion(String tenant, Image image) {
    if (!Image.NORMAL.equals(image.status())) {
      return false;
    }
    List<String> regionAzs =
        cleanupCall(() -> cloud.regions(tenant), "read the regions").stream()
            .filter(r -> r.id().equals(image.region()))
            .findFirst()
            .map(Region::azs)
            .orElse(List.of());
    return regionAzs.isEmpty()
        ? image.availableAzs().size() > 1
        : image.availableAzs().containsAll(regionAzs);
  }

  private String imageUsing(String tenant, String backupId) {
    try {
      return cloud.images(tenant, ResourceFilter.all()).stream()
          .filter(i -> !i.isDeleted())
          .filter(i -> backupId.equals(i.sourceBackupId()) || backupId.equals(i.backupId()))
          .map(Image::id)
          .findFirst()
          .orElse(null);
    } catch (CloudException e) {
      return null;
    }
  }

  /**
   * F14: the cleanup makes a call per snapshot key plus a few, each bounded by the client's call
   * timeout; it heartbeats after each, so a slow cloud makes it slow, never timed out (its step has
   * a heartbeat timeout and a long start-to-close instead of a fixed short one).
   */
  private static <T> T cleanupCall(Supplier<T> call, String doing) {
    T result = call(call, doing);
    beat(doing);
    return result;
  }

  /** The cleanup's heartbeat: what it did last, as the status of its step. */
  private static void beat(String done) {
    Activity.getExecutionContext().heartbeat(new StepProgress(null, null, 0, done));
  }

  private static <T> T call(Supplier<T> call, String doing) {
    try {
      return call.get();
    } catch (CloudException e) {
      throw CloudFailures.translate(e, doing);
    }
  }

  /** A key per image, action and content: the same findings replay, new findings are new calls. */
  private static String key(Cleanup cleanup, String action, String content) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return cleanup.imageId() + "/cleanup/" + action + "/"
          + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Found(List<String> snapshotIds, Backup backup) {
    Retained retained(String imageId, String imageStatus) {
      return new Retained(
          imageId, imageStatus, List.copyOf(snapshotIds), backup == null ? null : backup.id(),
          backup == null ? null : backup.status());
    }
  }
}
