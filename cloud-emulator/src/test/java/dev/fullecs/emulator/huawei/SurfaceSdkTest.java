package dev.fullecs.emulator.huawei;

import static org.assertj.core.api.Assertions.assertThat;

import com.huaweicloud.sdk.cbr.v1.model.CheckpointParam;
import com.huaweicloud.sdk.cbr.v1.model.CreateCheckpointRequest;
import com.huaweicloud.sdk.cbr.v1.model.ShowVaultRequest;
import com.huaweicloud.sdk.cbr.v1.model.VaultBackup;
import com.huaweicloud.sdk.cbr.v1.model.VaultBackupReq;
import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.exception.ServerResponseException;
import com.huaweicloud.sdk.ecs.v2.model.ChangeServerOsWithCloudInitOption;
import com.huaweicloud.sdk.ecs.v2.model.ChangeServerOsWithCloudInitRequest;
import com.huaweicloud.sdk.ecs.v2.model.ChangeServerOsWithCloudInitRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.ShowServerRequest;
import com.huaweicloud.sdk.ims.v2.model.CreateWholeImageRequest;
import com.huaweicloud.sdk.ims.v2.model.CreateWholeImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceDeleteImageRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceDeleteImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageRequest;
import com.huaweicloud.sdk.ims.v2.model.ListImagesRequest;
import com.huaweicloud.sdk.ims.v2.model.ShowJobRequest;
import dev.fullecs.emulator.EmulatorOptions;
import dev.fullecs.emulator.fault.FaultConfig;
import dev.fullecs.emulator.fault.OperationFaults;
import dev.fullecs.emulator.server.ServerLocks;
import dev.fullecs.emulator.store.AuditEntry;
import dev.fullecs.emulator.tenant.Caller;
import dev.fullecs.emulator.tenant.TokenKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rest of the surface through the official SDK: the Nova lock (sent with a request definition of
 * our own through the SDK's signed client), the refusals each service answers as the SDK exceptions
 * the real cloud raises, an expired signature, and the emulator's faults and audit log on Huawei's routes.
 */
class SurfaceSdkTest extends HuaweiSdkTestBase {
  private static final String WEB = "ecs-web-01";

  /** Backups 2 s: a whole image is still being made when the test deletes it. */
  @Override
  EmulatorOptions options() {
    return super.options().fixedDurations(Duration.ofMillis(10), Duration.ofMillis(2000));
  }

  private boolean locked() {
    return ServerLocks.isLocked(emu.cloud().servers().get(TENANT_A, WEB));
  }

  @Test
  void theNovaLockHasNoHolderAndTheImageServicesKeyLocksAndUnlocks() {
    HcClient service = hc(AK_SERVICE, SK_SERVICE, TENANT_A);

    SdkPairs.call("Nova lock (custom HttpRequestDef)");
    assertThat(serverAction(service, WEB, "lock").getHttpStatusCode()).isEqualTo(202);
    assertThat(locked()).isTrue();
    assertThat(ecsService().showServer(new ShowServerRequest().withServerId(WEB)).getServer().getLocked()).isTrue();
    assertThat(serverAction(service, WEB, "lock").getHttpStatusCode()).as("a no-op when locked").isEqualTo(202);

    ChangeServerOsWithCloudInitRequest changeOs = new ChangeServerOsWithCloudInitRequest().withServerId(WEB)
        .withBody(new ChangeServerOsWithCloudInitRequestBody().withOsChange(
            new ChangeServerOsWithCloudInitOption().withImageid("img-existing")));
    ClientRequestException whileLocked = raised(ClientRequestException.class,
        () -> ecsA().changeServerOsWithCloudInit(changeOs));
    assertThat(whileLocked.getHttpStatusCode()).isEqualTo(400);
    assertThat(whileLocked.getErrorCode()).isEqualTo("Ecs.0605");

    ClientRequestException byTenant = raised(ClientRequestException.class,
        () -> serverAction(hc(AK_A, SK_A, TENANT_A), WEB, "unlock"));
    assertThat(byTenant.getHttpStatusCode()).isEqualTo(403);
    assertThat(locked()).isTrue();

    SdkPairs.call("Nova unlock (custom HttpRequestDef)");
    assertThat(serverAction(service, WEB, "unlock").getHttpStatusCode()).isEqualTo(202);
    assertThat(locked()).isFalse();
    ClientRequestException unknown = raised(ClientRequestException.class, () -> serverAction(service, "no-such", "lock"));
    assertThat(unknown.getHttpStatusCode()).isEqualTo(404);
    assertThat(unknown.getErrorCode()).isEqualTo("404");
  }

  @Test
  void theImageServicesKeyAloneMakesWholeImagesAndEachServiceRefusesInItsOwnCodes() {
    ClientRequestException tenantKey = raised(ClientRequestException.class, () -> ims(AK_A, SK_A, TENANT_A)
        .createWholeImage(new CreateWholeImageRequest().withBody(new CreateWholeImageRequestBody()
            .withName("x").withBackupId("backup-existing").withWholeImageType("CBR"))));
    assertThat(tenantKey.getHttpStatusCode()).isEqualTo(403);
    assertThat(tenantKey.getErrorCode()).isEqualTo("IMG.0026");

    SdkPairs.call("IMS CreateWholeImage (unknown backup)");
    ClientRequestException noBackup = raised(ClientRequestException.class, () -> ims(AK_SERVICE, SK_SERVICE, TENANT_A)
        .createWholeImage(new CreateWholeImageRequest().withBody(new CreateWholeImageRequestBody()
            .withName("x").withBackupId("no-such-backup").withWholeImageType("CBR"))));
    assertThat(noBackup.getHttpStatusCode()).isEqualTo(400);
    assertThat(noBackup.getErrorCode()).isEqualTo("IMG.0020");

    ClientRequestException noImage = raised(ClientRequestException.class,
        () -> ims(AK_A, SK_A, TENANT_A).glanceShowImage(new GlanceShowImageRequest().withImageId("no-such-image")));
    assertThat(noImage.getHttpStatusCode()).isEqualTo(404);
    assertThat(noImage.getErrorCode()).isEqualTo("IMG.0144");

    SdkPairs.call("CBR ShowVault (unknown vault)");
    ClientRequestException noVault = raised(ClientRequestException.class,
        () -> cbr(AK_A, SK_A, TENANT_A).showVault(new ShowVaultRequest().withVaultId("no-such-vault")));
    assertThat(noVault.getHttpStatusCode()).isEqualTo(404);
    assertThat(noVault.getErrorCode()).isEqualTo("BackupService.6105");

    ClientRequestException full = raised(ClientRequestException.class, () -> cbr(AK_A, SK_A, TENANT_A).createCheckpoint(
        new CreateCheckpointRequest().withBody(new VaultBackupReq().withCheckpoint(new VaultBackup()
            .withVaultId("vault-full").withParameters(new CheckpointParam().withResources(List.of(WEB)))))));
    assertThat(full.getHttpStatusCode()).isEqualTo(400);
    assertThat(full.getErrorCode()).isEqualTo("BackupService.VAULT_CAPACITY_EXCEEDED");

    ClientRequestException noJob = raised(ClientRequestException.class,
        () -> ims(AK_A, SK_A, TENANT_A).showJob(new ShowJobRequest().withJobId("no-such-job")));
    assertThat(noJob.getHttpStatusCode()).isEqualTo(404);
  }

  @Test
  void anImageBeingMadeIsNotDeleted() {
    var ims = ims(AK_SERVICE, SK_SERVICE, TENANT_A);
    String jobId = ims.createWholeImage(new CreateWholeImageRequest().withBody(new CreateWholeImageRequestBody()
        .withName("from-existing").withBackupId("backup-existing").withWholeImageType("CBR"))).getJobId();
    String imageId = ims.showJob(new ShowJobRequest().withJobId(jobId)).getEntities().getImageId();

    SdkPairs.call("IMS GlanceDeleteImage (image being made)");
    ClientRequestException e = raised(ClientRequestException.class, () -> ims(AK_A, SK_A, TENANT_A).glanceDeleteImage(
        new GlanceDeleteImageRequest().withImageId(imageId).withBody(new GlanceDeleteImageRequestBody().withDeleteBackup(false))));

    assertThat(e.getHttpStatusCode()).isEqualTo(400);
    assertThat(e.getErrorCode()).isEqualTo("IMG.0090");
    assertThat(ims.glanceShowImage(new GlanceShowImageRequest().withImageId(imageId)).getStatus().getValue())
        .isIn("queued", "saving");
  }

  @Test
  void aSignatureDatedMoreThanFifteenMinutesAwayIsRefusedAsExpired() {
    String old = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(16).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));

    SdkPairs.call("Signature: expired X-Sdk-Date");
    ClientRequestException e = raised(ClientRequestException.class,
        () -> ims(AK_A, SK_A, TENANT_A).listImages(new ListImagesRequest().withXSdkDate(old)));

    assertThat(e.getHttpStatusCode()).isEqualTo(401);
    assertThat(e.getErrorCode()).isEqualTo("APIGW.0301");
    assertThat(e.getErrorMsg()).contains("signature expired, signature time:" + old);
    String recent = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(14).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
    assertThat(ims(AK_A, SK_A, TENANT_A).listImages(new ListImagesRequest().withXSdkDate(recent)).getImages()).isNotEmpty();
  }

  @Test
  void aRequestWithoutSignatureIsRefusedByTheGatewayEvenWithATokenOfTheOwnApi() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest unsigned = HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/v1/tenant-a/cloudservers/" + WEB))
        .header("X-Auth-Token", "tok-tenant-a").build();

    HttpResponse<String> r = http.send(unsigned, HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"error_code\":\"APIGW.0301\"")
        .contains("Incorrect IAM authentication information: x-auth-token not found").contains("\"request_id\"");
    assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void aFaultOnAHuaweiRouteIsRaisedByTheSdkAndLifted() {
    FaultConfig faults = new FaultConfig();
    OperationFaults f = new OperationFaults();
    f.p503 = 1;
    faults.operations.put("ecs_show_server", f);
    OperationFaults throttle = new OperationFaults();
    throttle.p429 = 1;
    faults.operations.put("ims_list_images", throttle);
    emu.cloud().faults().set(faults);

    SdkPairs.call("Fault: 503 on ecs_show_server");
    ServerResponseException e = raised(ServerResponseException.class,
        () -> ecsA().showServer(new ShowServerRequest().withServerId(WEB)));
    assertThat(e.getHttpStatusCode()).isEqualTo(503);
    ClientRequestException throttled = raised(ClientRequestException.class,
        () -> ims(AK_A, SK_A, TENANT_A).listImages(new ListImagesRequest()));
    assertThat(throttled.getHttpStatusCode()).isEqualTo(429);
    assertThat(throttled.getErrorCode()).isEqualTo("APIGW.0308");

    emu.cloud().faults().set(new FaultConfig());
    assertThat(ecsA().showServer(new ShowServerRequest().withServerId(WEB)).getServer().getId()).isEqualTo(WEB);
  }

  @Test
  void aHuaweiCallIsAuditedUnderItsOperationWithItsCallerAndProject() {
    long since = emu.cloud().store().audit(0, 100_000).size();

    serverAction(hc(AK_SERVICE, SK_SERVICE, TENANT_A), WEB, "lock");

    List<AuditEntry> entries = emu.cloud().store().audit(since, 1000);
    assertThat(entries).hasSize(1);
    AuditEntry e = entries.get(0);
    assertThat(e.operation).isEqualTo("nova_server_action");
    assertThat(e.actor).isEqualTo("service");
    assertThat(e.tenant).isEqualTo(TENANT_A);
    assertThat(e.resourceId).isEqualTo(WEB);
    assertThat(e.detail).isEqualTo("locked (a lock without a holder)");
    emu.cloud().store().write(new Caller(TokenKind.ADMIN, null), "test", tx -> emu.cloud().servers().forceUnlock(tx, TENANT_A, WEB));
  }
}
