package dev.fullecs.emulator.huawei;

import static org.assertj.core.api.Assertions.assertThat;

import com.huaweicloud.sdk.cbr.v1.CbrClient;
import com.huaweicloud.sdk.cbr.v1.model.BackupResp;
import com.huaweicloud.sdk.cbr.v1.model.CheckpointParam;
import com.huaweicloud.sdk.cbr.v1.model.CreateCheckpointRequest;
import com.huaweicloud.sdk.cbr.v1.model.Resource;
import com.huaweicloud.sdk.cbr.v1.model.VaultBackup;
import com.huaweicloud.sdk.cbr.v1.model.VaultBackupReq;
import com.huaweicloud.sdk.cbr.v1.model.DeleteBackupRequest;
import com.huaweicloud.sdk.cbr.v1.model.ListBackupsRequest;
import com.huaweicloud.sdk.cbr.v1.model.ShowBackupRequest;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.DeleteServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.DeleteServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsRequest;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsResponse;
import com.huaweicloud.sdk.ecs.v2.model.ServerDetail;
import com.huaweicloud.sdk.ecs.v2.model.ServerId;
import com.huaweicloud.sdk.ecs.v2.model.ShowJobRequest;
import com.huaweicloud.sdk.ecs.v2.model.ShowServerRequest;
import com.huaweicloud.sdk.ims.v2.model.CreateWholeImageRequest;
import com.huaweicloud.sdk.ims.v2.model.CreateWholeImageRequestBody;
import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.snapshot.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The calls mapped last (issue 13): ECS ListServersDetails and DeleteServers, CBR ListBackups by
 * resource and DeleteBackup, through the unmodified official SDK.
 */
class ServersAndBackupsSdkTest extends HuaweiSdkTestBase {

  @Test
  void listServersDetailsListsTheProjectsServersPageByPage() {
    SdkPairs.call("ECS ListServersDetails");
    ListServersDetailsResponse all = ecsA().listServersDetails(new ListServersDetailsRequest());

    assertThat(all.getServers()).extracting(ServerDetail::getId).contains("ecs-web-01", "ecs-eight-disks")
        .doesNotContain("ecs-b-01");
    assertThat(all.getCount()).isEqualTo(all.getServers().size());
    ServerDetail web = all.getServers().stream().filter(s -> s.getId().equals("ecs-web-01")).findFirst().orElseThrow();
    assertThat(web.getOsExtendedVolumesVolumesAttached()).hasSize(3);

    List<ServerDetail> page1 = ecsA().listServersDetails(new ListServersDetailsRequest().withLimit(2).withOffset(1)).getServers();
    List<ServerDetail> page2 = ecsA().listServersDetails(new ListServersDetailsRequest().withLimit(2).withOffset(2)).getServers();
    assertThat(page1).hasSize(2);
    assertThat(page2).extracting(ServerDetail::getId).doesNotContainAnyElementsOf(page1.stream().map(ServerDetail::getId).toList())
        .isSubsetOf(all.getServers().stream().map(ServerDetail::getId).toList());
    assertThat(ecsA().listServersDetails(new ListServersDetailsRequest().withName("web-01")).getServers())
        .extracting(ServerDetail::getId).containsExactly("ecs-web-01");
  }

  @Test
  void deleteServersDeletesWithAJobRefusesALockedServerAndTheListLeavesItOut() {
    EcsClient ecs = ecsA();
    serverAction(hc(AK_SERVICE, SK_SERVICE, TENANT_A), "ecs-web-01", "lock");
    SdkPairs.call("ECS DeleteServers (locked)");
    ClientRequestException locked = raised(ClientRequestException.class, () -> ecs.deleteServers(deleteOf("ecs-web-01")));
    assertThat(locked.getHttpStatusCode()).isEqualTo(400);
    assertThat(locked.getErrorCode()).isEqualTo("Ecs.0605");
    assertThat(ecs.showServer(new ShowServerRequest().withServerId("ecs-web-01")).getServer().getStatus()).isEqualTo("ACTIVE");

    serverAction(hc(AK_SERVICE, SK_SERVICE, TENANT_A), "ecs-web-01", "unlock");
    SdkPairs.call("ECS DeleteServers");
    String jobId = ecs.deleteServers(deleteOf("ecs-web-01")).getJobId();

    assertThat(jobId).isNotBlank();
    await("the delete job ends", () -> "SUCCESS".equals(
        ecs.showJob(new ShowJobRequest().withJobId(jobId)).getStatus().getValue()));
    assertThat(ecs.showServer(new ShowServerRequest().withServerId("ecs-web-01")).getServer().getStatus()).isEqualTo("DELETED");
    assertThat(ecs.listServersDetails(new ListServersDetailsRequest()).getServers()).extracting(ServerDetail::getId)
        .doesNotContain("ecs-web-01");
    ClientRequestException otherTenant = raised(ClientRequestException.class,
        () -> ecs(AK_B, SK_B, TENANT_B).deleteServers(deleteOf("ecs-single-disk")));
    assertThat(otherTenant.getHttpStatusCode()).isEqualTo(404);
  }

  @Test
  void deleteBackupDeletesARetainedBackupWithItsSnapshotsButNotOneAnImageUses() {
    CbrClient cbr = cbr(AK_A, SK_A, TENANT_A);
    SdkPairs.call("CBR ListBackups (by resource)");
    List<BackupResp> ofServer = cbr.listBackups(new ListBackupsRequest().withResourceId("ecs-single-disk")
        .withResourceType(ListBackupsRequest.ResourceTypeEnum.OS_NOVA_SERVER)).getBackups();
    assertThat(ofServer).extracting(BackupResp::getId).contains("backup-existing");
    assertThat(ofServer).allSatisfy(b -> assertThat(b.getResourceId()).isEqualTo("ecs-single-disk"));

    // a whole image being made from it: refused
    ims(AK_SERVICE, SK_SERVICE, TENANT_A).createWholeImage(new CreateWholeImageRequest().withBody(
        new CreateWholeImageRequestBody().withName("from-existing").withBackupId("backup-existing").withWholeImageType("CBR")));
    SdkPairs.call("CBR DeleteBackup (used by an image)");
    ClientRequestException inUse = raised(ClientRequestException.class,
        () -> cbr.deleteBackup(new DeleteBackupRequest().withBackupId("backup-existing")));
    assertThat(inUse.getHttpStatusCode()).isEqualTo(400);
    assertThat(inUse.getErrorCode()).isEqualTo("BackupService.BACKUP_IN_USE");

    // a retained backup: a checkpoint of ecs-web-01 nothing uses, once available
    String checkpointId = cbr.createCheckpoint(new CreateCheckpointRequest().withBody(new VaultBackupReq().withCheckpoint(
        new VaultBackup().withVaultId("vault-backup").withParameters(new CheckpointParam().withName("to-delete")
            .withResourceDetails(List.of(new Resource().withId("ecs-web-01").withType("OS::Nova::Server")))))))
        .getCheckpoint().getId();
    String victim = cbr.listBackups(new ListBackupsRequest().withCheckpointId(checkpointId)).getBackups().get(0).getId();
    await("the backup is available", () -> "available".equals(
        cbr.showBackup(new ShowBackupRequest().withBackupId(victim)).getBackup().getStatus().getValue()));
    List<String> snapshots = emu.cloud().store().get(Backup.class, TENANT_A, victim).snapshotIds;
    assertThat(snapshots).hasSize(3);

    SdkPairs.call("CBR DeleteBackup");
    assertThat(cbr.deleteBackup(new DeleteBackupRequest().withBackupId(victim)).getHttpStatusCode()).isEqualTo(204);

    ClientRequestException gone = raised(ClientRequestException.class,
        () -> cbr.showBackup(new ShowBackupRequest().withBackupId(victim)));
    assertThat(gone.getHttpStatusCode()).isEqualTo(404);
    assertThat(snapshots).allSatisfy(sid -> assertThat(emu.cloud().store().get(Snapshot.class, TENANT_A, sid)).isNull());
    assertThat(cbr.listBackups(new ListBackupsRequest().withResourceId("ecs-web-01")).getBackups())
        .extracting(BackupResp::getId).doesNotContain(victim);
    assertThat(cbr.showBackup(new ShowBackupRequest().withBackupId("backup-existing")).getBackup().getStatus().getValue())
        .isEqualTo("available");
  }

  private static DeleteServersRequest deleteOf(String serverId) {
    return new DeleteServersRequest().withBody(new DeleteServersRequestBody()
        .withServers(List.of(new ServerId().withId(serverId))).withDeleteVolume(true).withDeletePublicip(false));
  }
}
