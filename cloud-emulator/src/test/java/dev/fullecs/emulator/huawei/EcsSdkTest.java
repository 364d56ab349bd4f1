package dev.fullecs.emulator.huawei;

import static org.assertj.core.api.Assertions.assertThat;

import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.ListServerBlockDevicesRequest;
import com.huaweicloud.sdk.ecs.v2.model.ServerBlockDevice;
import com.huaweicloud.sdk.ecs.v2.model.ServerDetail;
import com.huaweicloud.sdk.ecs.v2.model.ShowServerRequest;
import com.huaweicloud.sdk.evs.v2.EvsClient;
import com.huaweicloud.sdk.evs.v2.model.ShowVolumeRequest;
import com.huaweicloud.sdk.evs.v2.model.VolumeDetail;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ECS's ShowServer and ListServerBlockDevices, and EVS's ShowVolume, through the official SDK. */
class EcsSdkTest extends HuaweiSdkTestBase {

  @Test
  void showServerShowsTheServerAsEcsDoes() {
    SdkPairs.call("ECS ShowServer");
    ServerDetail s = ecsA().showServer(new ShowServerRequest().withServerId("ecs-web-01")).getServer();

    assertThat(s.getId()).isEqualTo("ecs-web-01");
    assertThat(s.getStatus()).isEqualTo("ACTIVE");
    assertThat(s.getOsEXTAZAvailabilityZone()).isEqualTo("cn-north-4a");
    assertThat(s.getLocked()).isFalse();
    assertThat(s.getFlavor().getId()).isEqualTo("s6.large.2");
    assertThat(s.getFlavor().getVcpus()).isEqualTo("2");
    assertThat(s.getFlavor().getRam()).isEqualTo("4096");
    assertThat(s.getOsExtendedVolumesVolumesAttached()).extracting(v -> v.getId())
        .containsExactly("ecs-web-01-sys", "ecs-web-01-data1", "ecs-web-01-data2");
    assertThat(s.getTenantId()).isEqualTo(TENANT_A);
    assertThat(s.getEnterpriseProjectId()).isEqualTo("0");
    assertThat(s.getMetadata()).containsEntry("os_type", "Linux");
  }

  @Test
  void listServerBlockDevicesGivesEveryDiskWithItsSizeAndTheSystemDiskFirst() {
    SdkPairs.call("ECS ListServerBlockDevices");
    List<ServerBlockDevice> disks = ecsA().listServerBlockDevices(
        new ListServerBlockDevicesRequest().withServerId("ecs-web-01")).getVolumeAttachments();

    assertThat(disks).extracting(ServerBlockDevice::getVolumeId)
        .containsExactly("ecs-web-01-sys", "ecs-web-01-data1", "ecs-web-01-data2");
    assertThat(disks).extracting(ServerBlockDevice::getSize).containsExactly(40, 100, 100);
    assertThat(disks).extracting(ServerBlockDevice::getBootIndex).containsExactly(0, -1, -1);
    assertThat(disks).extracting(ServerBlockDevice::getDevice).containsExactly("/dev/vda", "/dev/vdb", "/dev/vdc");
  }

  @Test
  void showVolumeGivesADisksTypeAndItsServerAndShowsADssDiskAsADedicatedStorageOne() {
    EvsClient evs = client(EvsClient.newBuilder(), AK_A, SK_A, TENANT_A);

    SdkPairs.call("EVS ShowVolume");
    VolumeDetail data = evs.showVolume(new ShowVolumeRequest().withVolumeId("ecs-web-01-data1")).getVolume();
    VolumeDetail dss = evs.showVolume(new ShowVolumeRequest().withVolumeId("ecs-dss-data1")).getVolume();

    assertThat(data.getVolumeType()).isEqualTo("SSD");
    assertThat(data.getSize()).isEqualTo(100);
    assertThat(data.getBootable()).isEqualTo("false");
    assertThat(data.getAttachments()).extracting(a -> a.getServerId()).containsExactly("ecs-web-01");
    assertThat(data.getDedicatedStorageId()).isNull();
    assertThat(dss.getDedicatedStorageId()).isNotNull();
    ClientRequestException e = raised(ClientRequestException.class,
        () -> evs.showVolume(new ShowVolumeRequest().withVolumeId("no-such-disk")));
    assertThat(e.getHttpStatusCode()).isEqualTo(404);
    assertThat(e.getErrorCode()).isEqualTo("EVS.DISK_NOT_FOUND");
  }

  @Test
  void anUnknownServerIsEcs0114AndAnotherProjectsServerIsNotSeen() {
    SdkPairs.call("ECS ShowServer (unknown server)");
    ClientRequestException e = raised(ClientRequestException.class,
        () -> ecsA().showServer(new ShowServerRequest().withServerId("no-such-server")));

    assertThat(e.getHttpStatusCode()).isEqualTo(404);
    assertThat(e.getErrorCode()).isEqualTo("Ecs.0114");
    assertThat(e.getRequestId()).isNotBlank();
    EcsClient tenantB = ecs(AK_B, SK_B, TENANT_B);
    assertThat(raised(ClientRequestException.class,
        () -> tenantB.showServer(new ShowServerRequest().withServerId("ecs-web-01"))).getErrorCode()).isEqualTo("Ecs.0114");
  }

  @Test
  void aWrongSecretKeyIsRefusedAsTheGatewayRefusesIt() {
    SdkPairs.call("Signature: wrong SK");
    EcsClient wrong = ecs(AK_A, "not-the-secret-key-of-tenant-a-000000000", TENANT_A);

    ClientRequestException e = raised(ClientRequestException.class,
        () -> wrong.showServer(new ShowServerRequest().withServerId("ecs-web-01")));

    assertThat(e.getHttpStatusCode()).isEqualTo(401);
    assertThat(e.getErrorCode()).isEqualTo("APIGW.0301");
    assertThat(e.getErrorMsg()).startsWith("Incorrect IAM authentication information: verify aksk signature fail");
  }

  @Test
  void anUnknownAccessKeyAndAnotherTenantsProjectAreRefused() {
    EcsClient unknown = ecs("EMUNOSUCHKEY00000001", SK_A, TENANT_A);
    ClientRequestException e = raised(ClientRequestException.class,
        () -> unknown.showServer(new ShowServerRequest().withServerId("ecs-web-01")));
    assertThat(e.getHttpStatusCode()).isEqualTo(401);
    assertThat(e.getErrorMsg()).contains("Get secretKey failed,ak:EMUNOSUCHKEY00000001,err:ak not exist");

    SdkPairs.call("Signature: another tenant's project");
    EcsClient aInB = ecs(AK_A, SK_A, TENANT_B);
    ClientRequestException other = raised(ClientRequestException.class,
        () -> aInB.showServer(new ShowServerRequest().withServerId("ecs-b-01")));
    assertThat(other.getHttpStatusCode()).isEqualTo(403);
    assertThat(other.getErrorCode()).isEqualTo("APIGW.0302");
  }
}
