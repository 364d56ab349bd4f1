package dev.fullecs.cloud.huaweicloud;

import com.huaweicloud.sdk.ecs.v2.model.ChangeServerOsWithCloudInitOption;
import com.huaweicloud.sdk.ecs.v2.model.ChangeServerOsWithCloudInitRequest;
import com.huaweicloud.sdk.ecs.v2.model.ChangeServerOsWithCloudInitRequestBody;
import com.huaweicloud.sdk.ims.v2.model.BatchAddMembersRequest;
import com.huaweicloud.sdk.ims.v2.model.BatchAddMembersRequestBody;
import com.huaweicloud.sdk.ims.v2.model.ExportImageRequest;
import com.huaweicloud.sdk.ims.v2.model.ExportImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceDeleteImageRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceDeleteImageRequestBody;
import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.CloudInvalidRequestException;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.ResourceFilter;
import dev.fullecs.cloud.Region;
import dev.fullecs.cloud.Server;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.cloud.TenantCloud;
import dev.fullecs.cloud.WhoAmI;
import java.util.List;

/**
 * {@link TenantCloud} on Huawei Cloud with the user's own AK/SK for their project: the reads are
 * {@link HuaweiImageCloud}'s (ECS, EVS, CBR, IMS), the changes ECS ChangeServerOsWithCloudInit (F19),
 * IMS BatchAddMembers (F21), IMS ExportImage (refused for a whole image, F20), and Glance's delete
 * with {@code delete_backup}. Huawei takes no idempotency key on these: each is safe to repeat (the
 * same member added, the same image deleted). What the emulator's Huawei surface does not serve yet
 * (the list of servers, deleting a CBR backup) is refused with {@code NOT_MAPPED}.
 */
public final class HuaweiTenantCloud implements TenantCloud {
  private final String tenant;
  private final HuaweiSettings settings;
  private final HuaweiClients clients;
  private final HuaweiImageCloud reads;

  public HuaweiTenantCloud(HuaweiSettings settings, String tenant) {
    this.tenant = tenant;
    this.settings = settings;
    this.clients = new HuaweiClients(settings);
    this.reads = new HuaweiImageCloud(settings, clients);
  }

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public String location() {
    return "Huawei Cloud " + settings.region() + settings.endpoint().map(e -> " at " + e).orElse("");
  }

  @Override
  public String toString() {
    return "HuaweiTenantCloud[" + location() + ", " + tenant + "]";
  }

  /** The credential is the project's: it acts for that tenant, as a user (IAM tells no more). */
  @Override
  public WhoAmI whoami() {
    settings.credential(tenant);
    return new WhoAmI(tenant, "tenant");
  }

  @Override
  public Server server(String serverId) {
    return reads.server(tenant, serverId);
  }

  @Override
  public List<Server> servers() {
    throw notMapped("listing servers (ECS ListServersDetails)");
  }

  @Override
  public Image image(String imageId) {
    return reads.image(tenant, imageId);
  }

  @Override
  public List<Image> images() {
    return reads.images(tenant, ResourceFilter.all());
  }

  /** The snapshots are the children of the server's CBR backups: not listed apart on Huawei. */
  @Override
  public List<Snapshot> snapshotsOfServer(String serverId) {
    return List.of();
  }

  /** A disk's snapshot as its CBR backup shows it (the handle {@code backupId:diskId} of the image). */
  @Override
  public Snapshot snapshot(String snapshotId) {
    return reads.snapshotOf(tenant, snapshotId);
  }

  @Override
  public List<Backup> backupsOfServer(String serverId) {
    throw notMapped("listing a server's CBR backups (CBR ListBackups by resource_id)");
  }

  @Override
  public Backup backup(String backupId) {
    return reads.backup(tenant, backupId);
  }

  @Override
  public List<Region> regions() {
    return reads.regions(tenant);
  }

  @Override
  public Server changeOs(String serverId, String imageId, String idempotencyKey) {
    return clients.call(tenant, "ECS ChangeServerOsWithCloudInit " + serverId, () -> {
      clients.ecs(tenant).changeServerOsWithCloudInit(new ChangeServerOsWithCloudInitRequest().withServerId(serverId)
          .withBody(new ChangeServerOsWithCloudInitRequestBody().withOsChange(
              new ChangeServerOsWithCloudInitOption().withImageid(imsId(imageId)))));
      return reads.server(tenant, serverId);
    });
  }

  @Override
  public Server reboot(String serverId, String idempotencyKey) {
    throw notMapped("rebooting a server (ECS BatchRebootServers)");
  }

  @Override
  public Image share(String imageId, String otherTenant, String idempotencyKey) {
    return clients.call(tenant, "IMS BatchAddMembers " + imageId, () -> {
      clients.ims(tenant).batchAddMembers(new BatchAddMembersRequest().withBody(new BatchAddMembersRequestBody()
          .withImages(List.of(imsId(imageId))).withProjects(List.of(otherTenant))));
      return reads.image(tenant, imageId);
    });
  }

  @Override
  public Image refusedImageOperation(String imageId, String operation, String idempotencyKey) {
    if (!"export".equals(operation)) {
      throw notMapped(operation + " (Huawei publishes images through KooGallery, not an API call)");
    }
    return clients.call(tenant, "IMS ExportImage " + imageId, () -> {
      clients.ims(tenant).exportImage(new ExportImageRequest().withImageId(imsId(imageId)).withBody(
          new ExportImageRequestBody().withBucketUrl("fullecs-export:" + imageId + ".qcow2")
              .withFileFormat(ExportImageRequestBody.FileFormatEnum.QCOW2)));
      return reads.image(tenant, imageId);
    });
  }

  @Override
  public Image deleteImage(String imageId, boolean deleteBackup, String idempotencyKey) {
    return clients.call(tenant, "IMS GlanceDeleteImage " + imageId, () -> {
      clients.ims(tenant).glanceDeleteImage(new GlanceDeleteImageRequest().withImageId(imsId(imageId))
          .withBody(new GlanceDeleteImageRequestBody().withDeleteBackup(deleteBackup)));
      return reads.image(tenant, imageId);
    });
  }

  @Override
  public void deleteSnapshot(String snapshotId, String idempotencyKey) {
    throw notMapped("deleting a disk's snapshot apart from its CBR backup");
  }

  @Override
  public void deleteBackup(String backupId, String idempotencyKey) {
    throw notMapped("deleting a CBR backup (CBR DeleteBackup)");
  }

  private String imsId(String imageId) {
    return reads.imsIdOf(tenant, imageId);
  }

  private static CloudInvalidRequestException notMapped(String what) {
    return new CloudInvalidRequestException(what + " is not mapped onto Huawei Cloud yet", 400, "NOT_MAPPED");
  }
}
