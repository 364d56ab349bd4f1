package dev.fullecs.cloud.huaweicloud;

import com.huaweicloud.sdk.cbr.v1.model.BackupResp;
import com.huaweicloud.sdk.cbr.v1.model.CheckpointParam;
import com.huaweicloud.sdk.cbr.v1.model.CreateCheckpointRequest;
import com.huaweicloud.sdk.cbr.v1.model.ListBackupsRequest;
import com.huaweicloud.sdk.cbr.v1.model.Resource;
import com.huaweicloud.sdk.cbr.v1.model.ShowBackupRequest;
import com.huaweicloud.sdk.cbr.v1.model.ShowVaultRequest;
import com.huaweicloud.sdk.cbr.v1.model.VaultBackup;
import com.huaweicloud.sdk.cbr.v1.model.VaultBackupReq;
import com.huaweicloud.sdk.ecs.v2.model.CreateServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.CreateServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.DeleteServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.DeleteServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.ListServerBlockDevicesRequest;
import com.huaweicloud.sdk.ecs.v2.model.PrePaidServer;
import com.huaweicloud.sdk.ecs.v2.model.ServerDetail;
import com.huaweicloud.sdk.ecs.v2.model.ServerExtendVolumeAttachment;
import com.huaweicloud.sdk.ecs.v2.model.ServerId;
import com.huaweicloud.sdk.ecs.v2.model.ShowServerRequest;
import com.huaweicloud.sdk.evs.v2.model.ShowVolumeRequest;
import com.huaweicloud.sdk.evs.v2.model.VolumeDetail;
import com.huaweicloud.sdk.ims.v2.model.CreateWholeImageRequest;
import com.huaweicloud.sdk.ims.v2.model.CreateWholeImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceDeleteImageRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceDeleteImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageResponse;
import com.huaweicloud.sdk.ims.v2.model.ImageInfo;
import com.huaweicloud.sdk.ims.v2.model.ListImagesRequest;
import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.CloudConflictException;
import dev.fullecs.cloud.CloudInvalidRequestException;
import dev.fullecs.cloud.CloudNotFoundException;
import dev.fullecs.cloud.CloudUnavailableException;
import dev.fullecs.cloud.Disk;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.TaskWait;
import dev.fullecs.cloud.ImageSpec;
import dev.fullecs.cloud.Region;
import dev.fullecs.cloud.ResourceFilter;
import dev.fullecs.cloud.Server;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.cloud.TenantSettings;
import dev.fullecs.cloud.Vault;
import dev.fullecs.contract.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.HashMap;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ImageCloud} on Huawei Cloud through the official Java SDK v3 (ECS, EVS, CBR, IMS; the Nova
 * lock through the SDK's signed client). The mapping of each step (issue 13):
 *
 * <ul>
 *   <li>Validation: ECS ShowServer and ListServerBlockDevices, EVS ShowVolume per disk (type, size,
 *       DSS), CBR ShowVault (billing size and used), IMS ListImages by name; regions, AZs and
 *       region pairs are configuration ({@link HuaweiSettings}).
 *   <li>Lock, unlock (F3): Nova's {@code {"lock": null}} / {@code {"unlock": null}}. The cloud's lock
 *       has no holder: who holds it stays the orchestrator's record, and a locked server reads as
 *       locked by {@link #UNKNOWN_HOLDER}.
 *   <li>Image record (F4): there is no image before the backup on Huawei. From a server, the record
 *       is the CBR checkpoint of the server, named {@link #checkpointName} of the workflow's image
 *       id (looked up by that name before creating: CBR takes no idempotency key). It takes the
 *       disks' snapshots and the backup at once. From a backup (F17), IMS CreateWholeImage at once.
 *   <li>Snapshots (F5): each disk's "snapshot" is a handle {@code backupId:diskId} on that checkpoint;
 *       it is done when the backup's {@code extend_info.supported_restore_mode} turns {@code
 *       snapshot} (or {@code backup}). Recording them on the image is a no-op: IMS reads them from
 *       the backup.
 *   <li>F6: not reachable on Huawei: IMS makes a whole image only from an available backup, so the
 *       image stays CREATING until F7 (the step returns the image as it is).
 *   <li>Backup (F7): the same checkpoint's backup, done when {@code available}. Recording it makes
 *       the image: IMS CreateWholeImage with {@code backup_id}, {@code whole_image_type: CBR} and a
 *       tag {@link #IMAGE_TAG}{@code =<workflow image id>} (looked up by that tag before creating).
 *       NORMAL in the region once the IMS job succeeded and the image is {@code active}.
 *   <li>Cleanup (F11-F14): neither CBR checkpoints nor IMS jobs can be cancelled. Deleting waits
 *       (fails retryably) while IMS is still making the image, then {@code DELETE /v2/images/{id}}
 *       with {@code delete_backup: false}; the checkpoint's backup is always kept. IMS has no ERROR
 *       a client can set and no note: the retained resources live in the workflow's result.
 *   <li>After the image: ECS CreateServers with {@code X-Client-Token} = the idempotency key.
 * </ul>
 */
public final class HuaweiImageCloud implements ImageCloud {
  private static final Logger log = LoggerFactory.getLogger(HuaweiImageCloud.class);

  /** The tag that carries the workflow's image id on the IMS image. */
  public static final String IMAGE_TAG = "fullecs-image";

  /** Who holds a lock the cloud shows without a holder. */
  public static final String UNKNOWN_HOLDER = "(locked on the cloud; holder not recorded by Huawei)";

  private static final String SERVER_TYPE = "OS::Nova::Server";

  private final HuaweiSettings settings;
  private final HuaweiClients clients;

  public HuaweiImageCloud(HuaweiSettings settings) {
    this(settings, new HuaweiClients(settings));
  }

  HuaweiImageCloud(HuaweiSettings settings, HuaweiClients clients) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clients = clients;
  }

  @Override
  public String toString() {
    return "HuaweiImageCloud[" + settings + "]";
  }

  /** The CBR checkpoint's (and so its backup's) name for the workflow's image: the key in the name. */
  public static String checkpointName(String imageId) {
    return "fullecs-" + imageId;
  }

  // Validation

  /**
   * ECS ShowServer, ListServerBlockDevices, then EVS ShowVolume per disk: 2 + disks calls, each
   * with its own quick retries (retrying the whole read for one call's transient fault made a
   * server with many disks all but unreadable under faults: the Huawei chaos run's validation of a
   * 7-disk server failed attempt after attempt).
   */
  @Override
  public Server server(String tenant, String serverId) {
    ServerDetail s = clients.call(tenant, "ECS ShowServer " + serverId,
        () -> clients.ecs(tenant).showServer(new ShowServerRequest().withServerId(serverId)).getServer());
    {
      List<Disk> disks = new ArrayList<>();
      List<ServerExtendVolumeAttachment> attached =
          s.getOsExtendedVolumesVolumesAttached() == null ? List.of() : s.getOsExtendedVolumesVolumesAttached();
      if (!attached.isEmpty()) {
        // the block devices confirm the attachments (and would show a detach in progress)
        clients.call(tenant, "ECS ListServerBlockDevices " + serverId, () -> clients.ecs(tenant)
            .listServerBlockDevices(new ListServerBlockDevicesRequest().withServerId(serverId)));
      }
      for (ServerExtendVolumeAttachment a : attached) {
        VolumeDetail v = clients.call(tenant, "EVS ShowVolume " + a.getId(),
            () -> clients.evs(tenant).showVolume(new ShowVolumeRequest().withVolumeId(a.getId())).getVolume());
        String type = v.getDedicatedStorageId() != null ? "DSS" : v.getVolumeType();
        String role = "0".equals(a.getBootIndex()) ? "system" : "data";
        disks.add(new Disk(a.getId(), v.getSize() == null ? 0 : v.getSize(), role, type, v.getAvailabilityZone()));
      }
      Map<String, String> metadata = s.getMetadata() == null ? Map.of() : s.getMetadata();
      String os = "windows".equalsIgnoreCase(metadata.get("os_type")) ? "WINDOWS" : "LINUX";
      boolean locked = Boolean.TRUE.equals(s.getLocked());
      return new Server(
          s.getId(), s.getName(), tenant, settings.region(), s.getOsEXTAZAvailabilityZone(), "ECS", os,
          state(s.getStatus()), s.getFlavor() == null ? null : s.getFlavor().getId(), disks, false, null,
          false, false, List.of(), false, enterpriseProject(s.getEnterpriseProjectId()),
          locked ? UNKNOWN_HOLDER : null, null);
    }
  }

  /** ECS's status as ours. */
  private static String state(String status) {
    if (status == null) {
      return null;
    }
    return switch (status) {
      case "ACTIVE" -> "RUNNING";
      case "SHUTOFF" -> "STOPPED";
      case "BUILD" -> "BUILDING";
      case "REBOOT", "HARD_REBOOT" -> "REBOOTING";
      case "RESIZE", "VERIFY_RESIZE" -> "RESIZING";
      default -> status;
    };
  }

  private static String enterpriseProject(String id) {
    return id == null || id.isBlank() || "0".equals(id) ? "default" : id;
  }

  private static String enterpriseProjectId(String project) {
    return project == null || "default".equals(project) ? "0" : project;
  }

  @Override
  public Vault vault(String tenant, String vaultId) {
    return clients.call(tenant, "CBR ShowVault " + vaultId, () -> {
      com.huaweicloud.sdk.cbr.v1.model.Vault v =
          clients.cbr(tenant).showVault(new ShowVaultRequest().withVaultId(vaultId)).getVault();
      var billing = v.getBilling();
      long usedMb = billing.getUsed() == null ? 0 : billing.getUsed();
      return new Vault(
          v.getId(), tenant, v.getName(), settings.region(),
          billing.getProtectType() == null ? null : billing.getProtectType().getValue(),
          billing.getObjectType() == null ? null : billing.getObjectType().getValue(),
          billing.getSize() == null ? 0 : billing.getSize(), (usedMb + 1023) / 1024);
    });
  }

  @Override
  public Backup backup(String tenant, String backupId) {
    return clients.call(tenant, "CBR ShowBackup " + backupId, () -> backupOf(tenant, showBackup(tenant, backupId)));
  }

  private BackupResp showBackup(String tenant, String backupId) {
    return clients.cbr(tenant).showBackup(new ShowBackupRequest().withBackupId(backupId)).getBackup();
  }

  @Override
  public List<Image> images(String tenant, ResourceFilter filter) {
    return clients.call(tenant, "IMS ListImages", () -> {
      ListImagesRequest request = new ListImagesRequest();
      if (filter.name() != null) {
        request.withName(filter.name());
      }
      List<ImageInfo> found = clients.ims(tenant).listImages(request).getImages();
      List<Image> out = new ArrayList<>();
      for (ImageInfo i : found == null ? List.<ImageInfo>of() : found) {
        Image image = imageOf(tenant, i.getId(), i.getName(), i.getStatus() == null ? null : i.getStatus().getValue(),
            i.getTags(), i.getBackupId(), i.getOwner(), i.getDescription());
        if (filter.status() == null || filter.status().equals(image.status())) {
          out.add(image);
        }
      }
      return out;
    });
  }

  @Override
  public TenantSettings settings(String tenant) {
    settings.credential(tenant);
    return new TenantSettings(List.of("default"), new TenantSettings.TagPolicy(List.of()), List.of());
  }

  @Override
  public List<Region> regions(String tenant) {
    return List.of(new Region(settings.region(), settings.azs()));
  }

  @Override
  public Image image(String tenant, String imageId) {
    return clients.call(tenant, "read image " + imageId, () -> {
      Optional<Image> ims = imsImage(tenant, imageId);
      if (ims.isPresent()) {
        return withBackup(tenant, ims.get());
      }
      Optional<BackupResp> checkpoint = checkpointBackup(tenant, imageId);
      if (checkpoint.isPresent()) {
        BackupResp b = checkpoint.get();
        return pending(tenant, imageId, "error".equals(status(b)) ? Image.ERROR : Image.CREATING, b);
      }
      // an IMS id (a starter or a provisioning naming the cloud's image directly)
      try {
        GlanceShowImageResponse g =
            clients.ims(tenant).glanceShowImage(new GlanceShowImageRequest().withImageId(imageId));
        return imageOf(tenant, g.getId(), g.getName(), g.getStatus() == null ? null : g.getStatus().getValue(),
            g.getTags(), g.getBackupId(), g.getOwner(), null);
      } catch (com.huaweicloud.sdk.core.exception.ClientRequestException e) {
        if (e.getHttpStatusCode() == 404) {
          throw new CloudNotFoundException("image " + imageId + " does not exist for tenant " + tenant, "NOT_FOUND");
        }
        throw e;
      }
    });
  }

  /** The IMS image tagged with the workflow's image id, if IMS has made one (deleted ones too). */
  private Optional<Image> imsImage(String tenant, String imageId) {
    List<ImageInfo> live =
        clients.ims(tenant).listImages(new ListImagesRequest().withTag(IMAGE_TAG + "=" + imageId)).getImages();
    List<ImageInfo> found = new ArrayList<>(live == null ? List.of() : live);
    if (found.isEmpty()) {
      List<ImageInfo> deleted = clients.ims(tenant).listImages(new ListImagesRequest()
          .withTag(IMAGE_TAG + "=" + imageId).withStatus(ListImagesRequest.StatusEnum.fromValue("deleted"))).getImages();
      found.addAll(deleted == null ? List.of() : deleted);
    }
    return found.stream().findFirst().map(i -> imageOf(tenant, i.getId(), i.getName(),
        i.getStatus() == null ? null : i.getStatus().getValue(), i.getTags(), i.getBackupId(), i.getOwner(),
        i.getDescription()));
  }

  /**
   * The image with what its CBR backup says: the source server and AZ, the vault, and the disks'
   * snapshots (the backup's children), which IMS does not show on the image.
   */
  private Image withBackup(String tenant, Image i) {
    if (i.backupId() == null) {
      return i;
    }
    BackupResp b;
    try {
      b = showBackup(tenant, i.backupId());
    } catch (com.huaweicloud.sdk.core.exception.ClientRequestException e) {
      return i; // the backup was deleted with the image (delete_backup true): the image alone
    }
    return new Image(i.id(), i.tenant(), i.name(), i.type(), i.status(), i.availableAzs(), i.region(),
        b.getResourceId(), i.sourceBackupId(), b.getResourceAz(), b.getVaultId(), i.enterpriseProject(), i.tags(),
        i.description(), snapshotHandles(b), i.backupId(), i.failureReason(), i.retainedNote(), i.createdAt(),
        i.updatedAt(), i.idempotencyKey(), i.sharedWith(), i.creationId(), i.replicatedFrom());
  }

  /** One disk's snapshot, read from its handle ({@code backupId:diskId}) without waiting. */
  Snapshot snapshotOf(String tenant, String handle) {
    return awaitSnapshot(tenant, handle, Duration.ZERO);
  }

  /** The IMS id of the workflow's image (or {@code imageId} itself when it is an IMS id). */
  private String imsId(String tenant, String imageId) {
    List<ImageInfo> found =
        clients.ims(tenant).listImages(new ListImagesRequest().withTag(IMAGE_TAG + "=" + imageId)).getImages();
    return found == null || found.isEmpty() ? imageId : found.get(0).getId();
  }

  /** The IMS id of the workflow's image id (for the tenant's side). */
  String imsIdOf(String tenant, String imageId) {
    return clients.call(tenant, "IMS ListImages by tag", () -> imsId(tenant, imageId));
  }

  /** An IMS image as ours: the id is the workflow's (from the tag) when it carries one. */
  private Image imageOf(String tenant, String imsId, String name, String imsStatus, List<String> imsTags,
      String backupId, String owner, String description) {
    String id = imsId;
    List<Tag> tags = new ArrayList<>();
    for (String t : imsTags == null ? List.<String>of() : imsTags) {
      int at = t.indexOf('=');
      String key = at < 0 ? t : t.substring(0, at);
      String value = at < 0 ? "" : t.substring(at + 1);
      if (IMAGE_TAG.equals(key)) {
        id = value;
      } else {
        tags.add(new Tag(key, value));
      }
    }
    String status = switch (imsStatus == null ? "" : imsStatus) {
      case "active" -> Image.NORMAL;
      case "killed" -> Image.ERROR;
      case "deleted" -> Image.DELETED;
      default -> Image.CREATING; // queued, saving
    };
    List<String> azs = Image.NORMAL.equals(status) ? settings.azs() : List.of();
    return new Image(id, owner == null ? tenant : owner, name, ImageSpec.TYPE_FULL_ECS, status, azs,
        settings.region(), null, backupId, null, null, null, tags, description, List.of(), backupId, null, null,
        null, null, null, List.of(), null);
  }

  /** The image before IMS has it: the checkpoint stands for it. */
  private Image pending(String tenant, String imageId, String status, BackupResp b) {
    return new Image(imageId, tenant, null, ImageSpec.TYPE_FULL_ECS, status, List.of(), settings.region(),
        b == null ? null : b.getResourceId(), null, b == null ? null : b.getResourceAz(),
        b == null ? null : b.getVaultId(), null, List.of(), null,
        b == null ? List.of() : snapshotHandles(b), b == null ? null : b.getId(), null, null, null, null, null,
        List.of(), null);
  }

  // The lock

  @Override
  public void lockServer(String tenant, String serverId, String holder, String idempotencyKey) {
    clients.call(tenant, "Nova lock " + serverId, () -> clients.novaAction(tenant, serverId, "lock"));
  }

  @Override
  public void unlockServer(String tenant, String serverId, String holder, String idempotencyKey) {
    clients.call(tenant, "Nova unlock " + serverId, () -> clients.novaAction(tenant, serverId, "unlock"));
  }

  // The image record

  @Override
  public Image createImageRecord(String tenant, ImageSpec spec, String idempotencyKey) {
    if (spec.sourceBackupId() != null) {
      // F17: the image straight from the backup
      return clients.call(tenant, "IMS CreateWholeImage for " + spec.id(), () -> {
        wholeImage(tenant, spec, spec.sourceBackupId());
        return image(tenant, spec.id());
      });
    }
    return clients.call(tenant, "CBR CreateCheckpoint for image " + spec.id(), () -> {
      BackupResp b = checkpointBackup(tenant, spec.id())
          .orElseGet(() -> checkpoint(tenant, spec.id(), spec.sourceServerId(), spec.vaultId()));
      return pending(tenant, spec.id(), Image.CREATING, b);
    });
  }

  /** The checkpoint's backup for the workflow's image, looked up by its name. */
  private Optional<BackupResp> checkpointBackup(String tenant, String imageId) {
    List<BackupResp> found =
        clients.cbr(tenant).listBackups(new ListBackupsRequest().withName(checkpointName(imageId))).getBackups();
    return found == null ? Optional.empty() : found.stream().findFirst();
  }

  private BackupResp checkpoint(String tenant, String imageId, String serverId, String vaultId) {
    String checkpointId = clients.cbr(tenant).createCheckpoint(new CreateCheckpointRequest().withBody(
        new VaultBackupReq().withCheckpoint(new VaultBackup().withVaultId(vaultId).withParameters(
            new CheckpointParam().withName(checkpointName(imageId)).withDescription("full-ECS image " + imageId)
                .withResourceDetails(List.of(new Resource().withId(serverId).withType(SERVER_TYPE)))))))
        .getCheckpoint().getId();
    List<BackupResp> backups =
        clients.cbr(tenant).listBackups(new ListBackupsRequest().withCheckpointId(checkpointId)).getBackups();
    if (backups == null || backups.isEmpty()) {
      throw new CloudUnavailableException(
          "CBR checkpoint " + checkpointId + " of image " + imageId + " shows no backup yet", 0, null, null);
    }
    log.info("CBR checkpoint {} of server {} started for image {}", checkpointId, serverId, imageId);
    return backups.get(0);
  }

  /** IMS CreateWholeImage from the backup, unless the image's tag finds one already. */
  private void wholeImage(String tenant, ImageSpec spec, String backupId) {
    if (imsImage(tenant, spec.id()).isPresent()) {
      return;
    }
    List<String> tags = new ArrayList<>();
    tags.add(IMAGE_TAG + "=" + spec.id());
    for (Tag t : spec.tags()) {
      tags.add(t.key() + "=" + (t.value() == null ? "" : t.value()));
    }
    String jobId = clients.ims(tenant).createWholeImage(new CreateWholeImageRequest().withBody(
        new CreateWholeImageRequestBody().withName(spec.name() == null ? spec.id() : spec.name())
            .withBackupId(backupId).withWholeImageType("CBR").withTags(tags)
            .withDescription(spec.description() == null ? "" : spec.description())
            .withEnterpriseProjectId(enterpriseProjectId(spec.enterpriseProject())))).getJobId();
    log.info("IMS job {} makes the whole image of {} from backup {}", jobId, spec.id(), backupId);
  }

  // Snapshots

  @Override
  public Snapshot startSnapshot(SnapshotStart s) {
    return clients.call(s.tenant(), "find the checkpoint of image " + s.imageId(), () -> {
      BackupResp b = checkpointBackup(s.tenant(), s.imageId()).orElseThrow(() -> new CloudInvalidRequestException(
          "no CBR checkpoint for image " + s.imageId() + ": on Huawei Cloud the image record (F4) starts it", 400,
          "NO_CHECKPOINT"));
      return snapshotOf(s.tenant(), b, s.diskId());
    });
  }

  @Override
  public Snapshot awaitSnapshot(String tenant, String snapshotId, Duration maxWait) {
    int at = snapshotId.lastIndexOf(':');
    if (at < 0) {
      throw new CloudNotFoundException("snapshot " + snapshotId + " is not a Huawei snapshot handle", "NOT_FOUND");
    }
    String backupId = snapshotId.substring(0, at);
    String diskId = snapshotId.substring(at + 1);
    BackupResp done = poll(tenant, "CBR ShowBackup " + backupId, () -> showBackup(tenant, backupId),
        b -> !Snapshot.CREATING.equals(snapshotStatus(b)), maxWait);
    return snapshotOf(tenant, done, diskId);
  }

  /**
   * Issue 15 on Huawei: one CBR checkpoint holds a creation's every snapshot and its backup (a
   * snapshot handle is {@code <backup id>:<disk id>}), so a round of the watcher reads each
   * checkpoint's backup once (CBR ShowBackup), however many of its handles are waited for: one read
   * per creation instead of one per disk and one for the backup.
   */
  @Override
  public TaskWait readTasks(
      String tenant, Collection<String> snapshotIds, Collection<String> backupIds,
      Collection<String> imageIds) {
    Map<String, Optional<BackupResp>> checkpoints = new HashMap<>();
    Function<String, Optional<BackupResp>> read = backupId -> checkpoints.computeIfAbsent(backupId, id -> {
      try {
        return Optional.of(clients.call(tenant, "CBR ShowBackup " + id, () -> showBackup(tenant, id)));
      } catch (CloudNotFoundException e) {
        return Optional.empty();
      }
    });
    List<Snapshot> snapshots = new ArrayList<>();
    List<Backup> backups = new ArrayList<>();
    List<String> notFound = new ArrayList<>();
    for (String handle : snapshotIds) {
      int at = handle.lastIndexOf(':');
      Optional<BackupResp> b = at < 0 ? Optional.empty() : read.apply(handle.substring(0, at));
      if (b.isEmpty()) {
        notFound.add(handle);
      } else {
        snapshots.add(snapshotOf(tenant, b.get(), handle.substring(at + 1)));
      }
    }
    for (String id : backupIds) {
      Optional<BackupResp> b = read.apply(id);
      if (b.isEmpty()) {
        notFound.add(id);
      } else {
        backups.add(backupOf(tenant, b.get()));
      }
    }
    return TaskWait.sorted(snapshots, backups, notFound, deletedImages(tenant, imageIds));
  }

  /** The disk's snapshot as the checkpoint's backup shows it: done when the restore mode says so. */
  private Snapshot snapshotOf(String tenant, BackupResp b, String diskId) {
    int size = 0;
    for (BackupResp child : b.getChildren() == null ? List.<BackupResp>of() : b.getChildren()) {
      if (diskId.equals(child.getResourceId()) && child.getResourceSize() != null) {
        size = child.getResourceSize();
      }
    }
    String status = snapshotStatus(b);
    return new Snapshot(b.getId() + ":" + diskId, tenant, diskId, b.getResourceId(), b.getName(), size, status,
        Snapshot.CREATING.equals(status) ? 0 : 100, null, null, b.getName());
  }

  private static String snapshotStatus(BackupResp b) {
    String status = status(b);
    if ("error".equals(status)) {
      return Snapshot.ERROR;
    }
    String mode = b.getExtendInfo() == null || b.getExtendInfo().getSupportedRestoreMode() == null
        ? "na" : b.getExtendInfo().getSupportedRestoreMode().getValue();
    return "snapshot".equals(mode) || "backup".equals(mode) || "available".equals(status)
        ? Snapshot.AVAILABLE : Snapshot.CREATING;
  }

  private static String status(BackupResp b) {
    return b.getStatus() == null ? null : b.getStatus().getValue();
  }

  private static List<String> snapshotHandles(BackupResp b) {
    List<String> out = new ArrayList<>();
    for (BackupResp child : b.getChildren() == null ? List.<BackupResp>of() : b.getChildren()) {
      out.add(b.getId() + ":" + child.getResourceId());
    }
    return out;
  }

  /** Nothing to write: IMS reads the snapshots from the backup. */
  @Override
  public Image recordSnapshots(String tenant, String imageId, List<String> snapshotIds, String idempotencyKey) {
    return image(tenant, imageId);
  }

  /** Not reachable on Huawei (no image before an available backup): the image as it is. */
  @Override
  public Image makeUsableInSourceAz(String tenant, String imageId, String idempotencyKey) {
    return image(tenant, imageId);
  }

  // The backup

  @Override
  public Backup startBackup(BackupStart s) {
    return clients.call(s.tenant(), "CBR checkpoint of image " + s.imageId(), () -> backupOf(s.tenant(),
        checkpointBackup(s.tenant(), s.imageId())
            .orElseGet(() -> checkpoint(s.tenant(), s.imageId(), s.serverId(), s.vaultId()))));
  }

  @Override
  public Backup awaitBackup(String tenant, String backupId, Duration maxWait) {
    return backupOf(tenant, poll(tenant, "CBR ShowBackup " + backupId, () -> showBackup(tenant, backupId),
        b -> !Backup.PROTECTING.equals(status(b)), maxWait));
  }

  Backup backupOf(String tenant, BackupResp b) {
    List<String> snapshots = snapshotHandles(b);
    String status = status(b);
    return new Backup(b.getId(), tenant, b.getVaultId(), b.getResourceId(), b.getName(), snapshots,
        b.getResourceSize() == null ? 0 : b.getResourceSize(), Boolean.TRUE.equals(b.getIncremental()), status,
        Backup.AVAILABLE.equals(status) ? 100 : 0,
        b.getCreatedAt() == null ? null : b.getCreatedAt().toInstant(), null, b.getName());
  }

  /** F7 on Huawei: the image is made now, from the available backup, by IMS CreateWholeImage. */
  @Override
  public Image recordBackup(String tenant, String imageId, String backupId, ImageSpec spec, String idempotencyKey) {
    ImageSpec image = spec != null ? spec
        : new ImageSpec(imageId, imageId, null, null, null, null, List.of(), null, null);
    return clients.call(tenant, "IMS CreateWholeImage for " + imageId, () -> {
      wholeImage(tenant, image, backupId);
      return image(tenant, imageId);
    });
  }

  /** Waits (within {@link HuaweiSettings#stepWait()}) for the IMS job's image to turn active. */
  @Override
  public Image makeNormalInRegion(String tenant, String imageId, String idempotencyKey) {
    Image now = poll(tenant, "read image " + imageId, () -> image(tenant, imageId),
        i -> !Image.CREATING.equals(i.status()), settings.stepWait());
    if (Image.CREATING.equals(now.status())) {
      throw new CloudUnavailableException(
          "IMS is still making image " + imageId + "; the step tries again", 0, "IMS_JOB_RUNNING", null);
    }
    if (!Image.NORMAL.equals(now.status())) {
      throw new CloudConflictException("image " + imageId + " is " + now.status() + ", not NORMAL", "IMAGE_" + now.status());
    }
    return now;
  }

  // Cleanup

  /**
   * One checkpoint makes every disk's snapshot: the key's disk is the checkpoint backup's child for
   * it. The workflow's snapshot keys end with {@code /snapshot/<disk id>} ({@code IdempotencyKeys});
   * a key of another shape finds nothing.
   */
  @Override
  public Optional<Snapshot> snapshotMadeBy(String tenant, String imageId, String idempotencyKey) {
    int at = idempotencyKey == null ? -1 : idempotencyKey.lastIndexOf(SNAPSHOT_KEY);
    if (at < 0) {
      return Optional.empty();
    }
    String diskId = idempotencyKey.substring(at + SNAPSHOT_KEY.length());
    return clients.call(tenant, "find the checkpoint of image " + imageId, () -> checkpointBackup(tenant, imageId)
        .filter(b -> b.getChildren() != null && b.getChildren().stream().anyMatch(c -> diskId.equals(c.getResourceId())))
        .map(b -> snapshotOf(tenant, b, diskId)));
  }

  private static final String SNAPSHOT_KEY = "/snapshot/";

  @Override
  public Optional<Backup> backupMadeBy(String tenant, String imageId, String idempotencyKey) {
    return clients.call(tenant, "find the checkpoint of image " + imageId,
        () -> checkpointBackup(tenant, imageId).map(b -> backupOf(tenant, b)));
  }

  /** IMS keeps no note: what was retained is the workflow's result. */
  @Override
  public Image recordRetained(String tenant, String imageId, String note, String idempotencyKey) {
    log.info("image {}: {} (IMS keeps no note; the workflow's result does)", imageId, note);
    return image(tenant, imageId);
  }

  @Override
  public Image deleteImageKeepingBackups(String tenant, String imageId, String idempotencyKey) {
    return clients.call(tenant, "delete image " + imageId, () -> {
      Optional<Image> ims = imsImage(tenant, imageId);
      if (ims.isEmpty()) {
        // nothing in IMS: the checkpoint (snapshots and backup) is what is kept
        Optional<BackupResp> b = checkpointBackup(tenant, imageId);
        return pending(tenant, imageId, Image.DELETED, b.orElse(null));
      }
      Image image = ims.get();
      if (image.isDeleted()) {
        return image;
      }
      if (Image.CREATING.equals(image.status())) {
        // F11: an IMS job cannot be cancelled: wait for it to end, then delete
        throw new CloudUnavailableException(
            "IMS is still making image " + imageId + "; it is deleted once the job ends", 0, "IMS_JOB_RUNNING", null);
      }
      clients.ims(tenant).glanceDeleteImage(new GlanceDeleteImageRequest().withImageId(imsId(tenant, imageId))
          .withBody(new GlanceDeleteImageRequestBody().withDeleteBackup(false)));
      return imsImage(tenant, imageId).orElse(image);
    });
  }

  /** IMS has no ERROR a client sets: an image not yet made stays unmade, its checkpoint kept. */
  @Override
  public Image markImageError(String tenant, String imageId, String reason, String idempotencyKey) {
    Image now = image(tenant, imageId);
    if (Image.NORMAL.equals(now.status()) || now.isDeleted()) {
      throw new CloudConflictException("image " + imageId + " is " + now.status() + "; it cannot be marked ERROR",
          "IMAGE_NOT_MARKABLE");
    }
    log.info("image {} failed: {} (recorded by the workflow; IMS has no settable ERROR)", imageId, reason);
    return new Image(now.id(), now.tenant(), now.name(), now.type(), Image.ERROR, List.of(), now.region(),
        now.sourceServerId(), now.sourceBackupId(), now.sourceAz(), now.vaultId(), now.enterpriseProject(),
        now.tags(), now.description(), now.snapshotIds(), now.backupId(), reason, null, null, null, null,
        now.sharedWith(), now.creationId());
  }

  // After the image

  @Override
  public Server createServer(String tenant, String name, String imageId, String az, String idempotencyKey) {
    return clients.call(tenant, "ECS CreateServers " + name, () -> {
      List<String> ids = clients.ecs(tenant).createServers(new CreateServersRequest()
          .withXClientToken(clientToken(idempotencyKey))
          .withBody(new CreateServersRequestBody().withServer(new PrePaidServer().withName(name)
              .withImageRef(imsId(tenant, imageId)).withFlavorRef(settings.flavor()).withAvailabilityZone(az))))
          .getServerIds();
      if (ids == null || ids.isEmpty()) {
        throw new CloudUnavailableException("ECS CreateServers answered no server id", 0, null, null);
      }
      return server(tenant, ids.get(0));
    });
  }

  /** X-Client-Token is at most 64 characters: a longer key is hashed (the same key, the same token). */
  static String clientToken(String key) {
    if (key.length() <= 64) {
      return key;
    }
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * ECS DeleteServers with its volumes (a clone's disks were made for it) and without its public IP.
   * ECS takes no idempotency key here: a server already deleted (DELETED, or no longer found) is
   * the answer of a repeated call, not an error.
   */
  @Override
  public Server deleteServer(String tenant, String serverId, String idempotencyKey) {
    return clients.call(tenant, "ECS DeleteServers " + serverId, () -> {
      Server now;
      try {
        now = server(tenant, serverId);
      } catch (CloudNotFoundException e) {
        return deleted(tenant, serverId);
      }
      if (!"DELETED".equals(now.state())) {
        clients.ecs(tenant).deleteServers(new DeleteServersRequest().withBody(new DeleteServersRequestBody()
            .withServers(List.of(new ServerId().withId(serverId))).withDeleteVolume(true).withDeletePublicip(false)));
      }
      try {
        return server(tenant, serverId);
      } catch (CloudNotFoundException e) {
        return deleted(tenant, serverId);
      }
    });
  }

  /** A server ECS no longer shows: deleted. */
  private Server deleted(String tenant, String serverId) {
    return new Server(serverId, null, tenant, settings.region(), null, "ECS", null, "DELETED", null, List.of(),
        false, null, false, false, List.of(), false, null, null, null);
  }

  @Override
  public Image replicateImage(String tenant, String imageId, String region, String idempotencyKey) {
    throw new CloudInvalidRequestException(
        "replicating a whole image is not mapped onto Huawei Cloud yet (IMS CopyImageCrossRegion needs a vault"
            + " of the target region)", 400, "NOT_MAPPED");
  }

  /** Reads until {@code done} or {@code maxWait} (CBR and IMS have no long-poll); returns the last read. */
  private <T> T poll(String tenant, String what, Supplier<T> read, Predicate<T> done, Duration maxWait) {
    long deadline = System.nanoTime() + (maxWait == null ? 0 : maxWait.toNanos());
    while (true) {
      T now = clients.call(tenant, what, read);
      if (done.test(now) || System.nanoTime() + settings.poll().toNanos() > deadline) {
        return now;
      }
      try {
        Thread.sleep(settings.poll().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CloudUnavailableException("interrupted while waiting for " + what, 0, null, e);
      }
    }
  }

  static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
