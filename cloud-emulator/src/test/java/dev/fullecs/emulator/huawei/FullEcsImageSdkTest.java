package dev.fullecs.emulator.huawei;

import static org.assertj.core.api.Assertions.assertThat;

import com.huaweicloud.sdk.cbr.v1.CbrClient;
import com.huaweicloud.sdk.cbr.v1.model.BackupResp;
import com.huaweicloud.sdk.cbr.v1.model.CheckpointCreate;
import com.huaweicloud.sdk.cbr.v1.model.CheckpointParam;
import com.huaweicloud.sdk.cbr.v1.model.CreateCheckpointRequest;
import com.huaweicloud.sdk.cbr.v1.model.ListBackupsRequest;
import com.huaweicloud.sdk.cbr.v1.model.ListBackupsResponse;
import com.huaweicloud.sdk.cbr.v1.model.Resource;
import com.huaweicloud.sdk.cbr.v1.model.ShowBackupRequest;
import com.huaweicloud.sdk.cbr.v1.model.ShowCheckpointRequest;
import com.huaweicloud.sdk.cbr.v1.model.ShowVaultRequest;
import com.huaweicloud.sdk.cbr.v1.model.Vault;
import com.huaweicloud.sdk.cbr.v1.model.VaultBackup;
import com.huaweicloud.sdk.cbr.v1.model.VaultBackupReq;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.ChangeServerOsWithCloudInitOption;
import com.huaweicloud.sdk.ecs.v2.model.ChangeServerOsWithCloudInitRequest;
import com.huaweicloud.sdk.ecs.v2.model.ChangeServerOsWithCloudInitRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.CreateServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.CreateServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.CreateServersResponse;
import com.huaweicloud.sdk.ecs.v2.model.PrePaidServer;
import com.huaweicloud.sdk.ecs.v2.model.ServerDetail;
import com.huaweicloud.sdk.ecs.v2.model.ShowServerRequest;
import com.huaweicloud.sdk.ims.v2.ImsClient;
import com.huaweicloud.sdk.ims.v2.model.BatchAddMembersRequest;
import com.huaweicloud.sdk.ims.v2.model.BatchAddMembersRequestBody;
import com.huaweicloud.sdk.ims.v2.model.CopyImageCrossRegionRequest;
import com.huaweicloud.sdk.ims.v2.model.CopyImageCrossRegionRequestBody;
import com.huaweicloud.sdk.ims.v2.model.CreateWholeImageRequest;
import com.huaweicloud.sdk.ims.v2.model.CreateWholeImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.ExportImageRequest;
import com.huaweicloud.sdk.ims.v2.model.ExportImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceDeleteImageRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceDeleteImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageResponse;
import com.huaweicloud.sdk.ims.v2.model.ImageInfo;
import com.huaweicloud.sdk.ims.v2.model.ListImagesRequest;
import com.huaweicloud.sdk.ims.v2.model.ShowJobResponse;
import dev.fullecs.emulator.EmulatorOptions;
import dev.fullecs.emulator.tenant.Caller;
import dev.fullecs.emulator.tenant.TokenKind;
import dev.fullecs.emulator.cloud.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The whole path of a full-ECS image on Huawei's API, through the official SDK: a CBR checkpoint of
 * the server (its backup's restore mode na → snapshot → backup, status protecting → available), a
 * whole image from the backup (the IMS job INIT/RUNNING → SUCCESS, the image queued/saving → active),
 * found by name and by tag; then a server from it (idempotent by X-Client-Token) and a change of OS
 * (ECS jobs), sharing, a copy to another region, the refused export, and the delete that keeps the backup.
 */
class FullEcsImageSdkTest extends HuaweiSdkTestBase {
  private static final String WEB = "ecs-web-01";

  /**
   * The emulator's task clock moves only when a poll of this test moves it (100 ms a poll), so that
   * every stage (snapshots 400 ms, backups 800 ms, a whole image 1 s in the queue then 800 ms) is
   * seen however slow the machine; the signature is still checked against the wall clock.
   */
  private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));

  @Override
  EmulatorOptions options() {
    return super.options().clock(CLOCK).fixedDurations(Duration.ofMillis(400), Duration.ofMillis(800));
  }

  /** Polls until {@code done}, moving the task clock 100 ms after each poll (at most 600 polls). */
  static void await(String what, BooleanSupplier done) {
    for (int poll = 0; !done.getAsBoolean(); poll++) {
      if (poll == 600) {
        throw new AssertionError("still waiting for " + what + " after 60 s of the emulator's time");
      }
      CLOCK.advance(Duration.ofMillis(100));
    }
  }

  CbrClient cbrA() {
    return cbr(AK_A, SK_A, TENANT_A);
  }

  ImsClient imsService() {
    return ims(AK_SERVICE, SK_SERVICE, TENANT_A);
  }

  ImsClient imsA() {
    return ims(AK_A, SK_A, TENANT_A);
  }

  /** A checkpoint of the demo server into vault-backup, named {@code name}. */
  CheckpointCreate checkpoint(CbrClient cbr, String name) {
    return cbr.createCheckpoint(new CreateCheckpointRequest().withBody(new VaultBackupReq().withCheckpoint(
        new VaultBackup().withVaultId("vault-backup").withParameters(new CheckpointParam().withName(name)
            .withResourceDetails(List.of(new Resource().withId(WEB).withType("OS::Nova::Server"))))))).getCheckpoint();
  }

  BackupResp backup(String id) {
    return cbrA().showBackup(new ShowBackupRequest().withBackupId(id)).getBackup();
  }

  /** The whole image made from an available backup of the demo server, once its IMS job has succeeded. */
  String activeWholeImage(String name, String tag) {
    CheckpointCreate c = checkpoint(cbrA(), "ckpt-" + name);
    String backupId = cbrA().listBackups(new ListBackupsRequest().withCheckpointId(c.getId())).getBackups().get(0).getId();
    await("backup available", () -> "available".equals(backup(backupId).getStatus().getValue()));
    String jobId = imsService().createWholeImage(new CreateWholeImageRequest().withBody(new CreateWholeImageRequestBody()
        .withName(name).withBackupId(backupId).withWholeImageType("CBR").withTags(List.of(tag)))).getJobId();
    await("image job", () -> "SUCCESS".equals(imsJob(jobId).getStatus().getValue()));
    return imsJob(jobId).getEntities().getImageId();
  }

  ShowJobResponse imsJob(String jobId) {
    return imsService().showJob(new com.huaweicloud.sdk.ims.v2.model.ShowJobRequest().withJobId(jobId));
  }

  com.huaweicloud.sdk.ecs.v2.model.ShowJobResponse ecsJob(EcsClient ecs, String jobId) {
    return ecs.showJob(new com.huaweicloud.sdk.ecs.v2.model.ShowJobRequest().withJobId(jobId));
  }

  @Test
  void fromACheckpointToAnActiveWholeImage() {
    SdkPairs.call("CBR ShowVault");
    Vault before = cbrA().showVault(new ShowVaultRequest().withVaultId("vault-backup")).getVault();
    assertThat(before.getBilling().getSize()).isEqualTo(10000);
    assertThat(before.getBilling().getUsed()).isZero();

    SdkPairs.call("CBR CreateCheckpoint");
    CheckpointCreate c = checkpoint(cbrA(), "full-ecs-image:tenant-a:req-1");
    assertThat(c.getStatus().getValue()).isEqualTo("protecting");
    assertThat(c.getVault().getResources()).extracting(r -> r.getId()).containsExactly(WEB);

    SdkPairs.call("CBR ListBackups (by checkpoint)");
    ListBackupsResponse byCheckpoint = cbrA().listBackups(new ListBackupsRequest().withCheckpointId(c.getId()));
    assertThat(byCheckpoint.getCount()).isEqualTo(1);
    String backupId = byCheckpoint.getBackups().get(0).getId();
    assertThat(cbrA().listBackups(new ListBackupsRequest().withName("full-ecs-image:tenant-a:req-1")).getBackups())
        .extracting(BackupResp::getId).containsExactly(backupId);
    assertThat(cbrA().listBackups(new ListBackupsRequest().withName("no-such-name")).getBackups()).isEmpty();

    Set<String> restoreModes = new LinkedHashSet<>();
    Set<String> statuses = new LinkedHashSet<>();
    SdkPairs.call("CBR ShowBackup");
    await("backup available", () -> {
      BackupResp b = backup(backupId);
      restoreModes.add(b.getExtendInfo().getSupportedRestoreMode().getValue());
      statuses.add(b.getStatus().getValue());
      return "available".equals(b.getStatus().getValue());
    });
    assertThat(restoreModes).as("na, then snapshot once the snapshots exist, then backup")
        .containsExactly("na", "snapshot", "backup");
    assertThat(statuses).containsExactly("protecting", "available");
    BackupResp done = backup(backupId);
    assertThat(done.getCheckpointId()).isEqualTo(c.getId());
    assertThat(done.getResourceId()).isEqualTo(WEB);
    assertThat(done.getResourceType()).isEqualTo("OS::Nova::Server");
    assertThat(done.getResourceSize()).isEqualTo(240);
    assertThat(done.getChildren()).extracting(BackupResp::getResourceId)
        .containsExactly("ecs-web-01-sys", "ecs-web-01-data1", "ecs-web-01-data2");
    SdkPairs.call("CBR ShowCheckpoint");
    assertThat(cbrA().showCheckpoint(new ShowCheckpointRequest().withCheckpointId(c.getId())).getCheckpoint().getStatus()
        .getValue()).isEqualTo("available");
    Vault after = cbrA().showVault(new ShowVaultRequest().withVaultId("vault-backup")).getVault();
    assertThat(after.getBilling().getUsed()).as("MB").isEqualTo(240 * 1024);
    assertThat(after.getBilling().getAllocated()).as("GB: the servers backed up in the vault, ecs-web-01 and the"
        + " inventory's ecs-single-disk").isEqualTo(240 + 40);
    assertThat(after.getResources()).extracting(r -> r.getId()).containsExactlyInAnyOrder(WEB, "ecs-single-disk");

    SdkPairs.call("IMS CreateWholeImage");
    String jobId = imsService().createWholeImage(new CreateWholeImageRequest().withBody(new CreateWholeImageRequestBody()
        .withName("web-01-full").withBackupId(backupId).withWholeImageType("CBR")
        .withTags(List.of("fullecs-request=req-1")).withDescription("demo"))).getJobId();
    List<String> jobStatuses = new ArrayList<>();
    SdkPairs.call("IMS ShowJob");
    await("IMS job", () -> {
      String s = imsJob(jobId).getStatus().getValue();
      if (jobStatuses.isEmpty() || !jobStatuses.get(jobStatuses.size() - 1).equals(s)) {
        jobStatuses.add(s);
      }
      return "SUCCESS".equals(s);
    });
    assertThat(jobStatuses).containsExactly("INIT", "RUNNING", "SUCCESS");
    ShowJobResponse job = imsJob(jobId);
    assertThat(job.getJobType()).isEqualTo("imsCreateWholeImageByBackupJob");
    assertThat(job.getEntities().getProcessPercent()).isEqualTo(100.0);
    String imageId = job.getEntities().getImageId();

    SdkPairs.call("IMS GlanceShowImage");
    GlanceShowImageResponse image = imsA().glanceShowImage(new GlanceShowImageRequest().withImageId(imageId));
    assertThat(image.getStatus().getValue()).isEqualTo("active");
    assertThat(image.getName()).isEqualTo("web-01-full");
    assertThat(image.getBackupId()).isEqualTo(backupId);
    assertThat(image.getOwner()).isEqualTo(TENANT_A);
    assertThat(image.getMinDisk()).isEqualTo(40);
    assertThat(image.getTags()).containsExactly("fullecs-request=req-1");

    SdkPairs.call("IMS ListImages (by name)");
    assertThat(imsA().listImages(new ListImagesRequest().withName("web-01-full")).getImages())
        .extracting(ImageInfo::getId).containsExactly(imageId);
    SdkPairs.call("IMS ListImages (by tag)");
    assertThat(imsA().listImages(new ListImagesRequest().withTag("fullecs-request=req-1")).getImages())
        .extracting(ImageInfo::getId).containsExactly(imageId);
    assertThat(imsA().listImages(new ListImagesRequest().withTag("fullecs-request=other")).getImages()).isEmpty();
    assertThat(imsA().listImages(new ListImagesRequest().withImagetype(ListImagesRequest.ImagetypeEnum.PRIVATE)
        .withStatus(ListImagesRequest.StatusEnum.ACTIVE)).getImages()).extracting(ImageInfo::getId).contains(imageId);
  }

  @Test
  void aServerFromTheImageIsIdempotentByItsClientTokenAndItsJobEndsWhenItRuns() {
    String imageId = activeWholeImage("web-01-full", "k=v");
    EcsClient ecs = ecsA();
    CreateServersRequest create = new CreateServersRequest().withXClientToken("clone-req-1").withBody(
        new CreateServersRequestBody().withServer(new PrePaidServer().withName("web-01-clone").withImageRef(imageId)
            .withFlavorRef("s6.large.2").withAvailabilityZone("cn-north-4b").withVpcid("vpc-1")));

    SdkPairs.call("ECS CreateServers");
    CreateServersResponse first = ecs.createServers(create);
    CreateServersResponse again = ecs.createServers(create);

    assertThat(first.getServerIds()).hasSize(1);
    assertThat(again.getJobId()).isEqualTo(first.getJobId());
    assertThat(again.getServerIds()).isEqualTo(first.getServerIds());
    String serverId = first.getServerIds().get(0);
    SdkPairs.call("ECS ShowJob");
    await("ECS job", () -> "SUCCESS".equals(ecsJob(ecs, first.getJobId()).getStatus().getValue()));
    com.huaweicloud.sdk.ecs.v2.model.ShowJobResponse job = ecsJob(ecs, first.getJobId());
    assertThat(job.getJobType()).isEqualTo("createServer");
    assertThat(job.getEntities().getSubJobs()).extracting(s -> s.getEntities().getServerId()).containsExactly(serverId);
    ServerDetail clone = ecs.showServer(new ShowServerRequest().withServerId(serverId)).getServer();
    assertThat(clone.getStatus()).isEqualTo("ACTIVE");
    assertThat(clone.getOsEXTAZAvailabilityZone()).isEqualTo("cn-north-4b");
    assertThat(clone.getOsExtendedVolumesVolumesAttached()).hasSize(3);

    CreateServersRequest otherBody = new CreateServersRequest().withXClientToken("clone-req-1").withBody(
        new CreateServersRequestBody().withServer(new PrePaidServer().withName("another").withImageRef(imageId)
            .withFlavorRef("s6.large.2").withAvailabilityZone("cn-north-4b")));
    ClientRequestException reused = raised(ClientRequestException.class, () -> ecs.createServers(otherBody));
    assertThat(reused.getHttpStatusCode()).isEqualTo(409);
    assertThat(reused.getErrorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");

    ChangeServerOsWithCloudInitRequest changeOs = new ChangeServerOsWithCloudInitRequest().withServerId(serverId)
        .withBody(new ChangeServerOsWithCloudInitRequestBody().withOsChange(
            new ChangeServerOsWithCloudInitOption().withImageid(imageId).withKeyname("kp-1")));
    ClientRequestException running = raised(ClientRequestException.class, () -> ecs.changeServerOsWithCloudInit(changeOs));
    assertThat(running.getErrorCode()).as("only a stopped server changes its OS").isEqualTo("Ecs.0100");
    emu.cloud().store().write(new Caller(TokenKind.TENANT, TENANT_A), "test_stop",
        tx -> emu.cloud().servers().stop(tx, new Caller(TokenKind.TENANT, TENANT_A), TENANT_A, serverId));
    SdkPairs.call("ECS ChangeServerOsWithCloudInit");
    String changeJob = ecs.changeServerOsWithCloudInit(changeOs).getJobId();
    assertThat(ecsJob(ecs, changeJob).getStatus().getValue()).isEqualTo("SUCCESS");
    assertThat(emu.cloud().servers().get(TENANT_A, serverId).lastChangeOs).contains("wrote system disk " + serverId + "-sys only");
  }

  @Test
  void theImageIsSharedCopiedToAnotherRegionNotExportedAndDeletedKeepingItsBackup() {
    String imageId = activeWholeImage("web-01-full", "k=v");
    ImsClient ims = imsA();

    SdkPairs.call("IMS BatchAddMembers");
    String shareJob = ims.batchAddMembers(new BatchAddMembersRequest().withBody(
        new BatchAddMembersRequestBody().withImages(List.of(imageId)).withProjects(List.of(TENANT_B)))).getJobId();
    assertThat(imsJob(shareJob).getStatus().getValue()).isEqualTo("SUCCESS");
    List<ImageInfo> seenByB = ims(AK_B, SK_B, TENANT_B).listImages(new ListImagesRequest()).getImages();
    assertThat(seenByB).extracting(ImageInfo::getId).containsExactly(imageId);
    assertThat(seenByB.get(0).getImagetype().getValue()).isEqualTo("shared");

    ClientRequestException noVault = raised(ClientRequestException.class, () -> ims.copyImageCrossRegion(
        new CopyImageCrossRegionRequest().withImageId(imageId).withBody(new CopyImageCrossRegionRequestBody()
            .withName("web-01-east").withRegion("cn-east-3").withProjectName("cn-east-3"))));
    assertThat(noVault.getErrorCode()).isEqualTo("IMG.0001");
    SdkPairs.call("IMS CopyImageCrossRegion");
    String copyJob = ims.copyImageCrossRegion(new CopyImageCrossRegionRequest().withImageId(imageId).withBody(
        new CopyImageCrossRegionRequestBody().withName("web-01-east").withRegion("cn-east-3")
            .withProjectName("cn-east-3").withVaultId("vault-other-region"))).getJobId();
    await("copy job", () -> "SUCCESS".equals(imsJob(copyJob).getStatus().getValue()));
    String copyId = imsJob(copyJob).getEntities().getImageId();
    assertThat(ims.glanceShowImage(new GlanceShowImageRequest().withImageId(copyId)).getName()).isEqualTo("web-01-east");

    SdkPairs.call("IMS ExportImage (refused)");
    ClientRequestException export = raised(ClientRequestException.class, () -> ims.exportImage(new ExportImageRequest()
        .withImageId(imageId).withBody(new ExportImageRequestBody().withBucketUrl("bucket:file.qcow2")
            .withFileFormat(ExportImageRequestBody.FileFormatEnum.QCOW2))));
    assertThat(export.getHttpStatusCode()).isEqualTo(400);
    assertThat(export.getErrorCode()).isEqualTo("IMG.0128");

    String backupId = ims.glanceShowImage(new GlanceShowImageRequest().withImageId(imageId)).getBackupId();
    SdkPairs.call("IMS GlanceDeleteImage");
    ims.glanceDeleteImage(new GlanceDeleteImageRequest().withImageId(imageId)
        .withBody(new GlanceDeleteImageRequestBody().withDeleteBackup(false)));
    assertThat(ims.glanceShowImage(new GlanceShowImageRequest().withImageId(imageId)).getStatus().getValue())
        .isEqualTo("deleted");
    assertThat(ims.listImages(new ListImagesRequest().withName("web-01-full")).getImages()).isEmpty();
    assertThat(backup(backupId).getStatus().getValue()).as("the backup is kept").isEqualTo("available");
  }
}
