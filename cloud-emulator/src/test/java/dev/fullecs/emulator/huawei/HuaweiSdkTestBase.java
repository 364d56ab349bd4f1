package dev.fullecs.emulator.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.huaweicloud.sdk.cbr.v1.CbrClient;
import com.huaweicloud.sdk.core.ClientBuilder;
import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.SdkResponse;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.FieldExistence;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequestDef;
import com.huaweicloud.sdk.core.http.LocationType;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ims.v2.ImsClient;
import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * An in-process emulator and the unmodified official Huawei Cloud SDK pointed at it: clients of
 * ECS, CBR and IMS with BasicCredentials (AK, SK and project id, so that the SDK never calls IAM) and
 * the emulator's URL as their only endpoint; the Nova lock sent through the SDK's own signed client
 * with a request definition of our own, as the adapter will.
 */
abstract class HuaweiSdkTestBase {
  static final String TENANT_A = "tenant-a";
  static final String TENANT_B = "tenant-b";
  static final String AK_A = "EMUTENANTA0000000001";
  static final String SK_A = "emulator-secret-key-of-tenant-a-00000001";
  static final String AK_B = "EMUTENANTB0000000001";
  static final String SK_B = "emulator-secret-key-of-tenant-b-00000001";
  static final String AK_SERVICE = "EMUIMAGESVC000000001";
  static final String SK_SERVICE = "emulator-secret-key-of-image-svc-0000001";

  @TempDir Path dir;
  CloudEmulator emu;

  @BeforeEach
  void startEmulator() {
    emu = CloudEmulator.start(options());
  }

  EmulatorOptions options() {
    return EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0).timeScale(0.001);
  }

  @AfterEach
  void stopEmulator() {
    if (emu != null) {
      emu.close();
    }
  }

  @AfterAll
  static void writePairs() {
    SdkPairs.write();
  }

  static HttpConfig config() {
    return HttpConfig.getDefaultHttpConfig().withHttpListeners(SdkPairs.listeners());
  }

  static BasicCredentials credentials(String ak, String sk, String project) {
    return new BasicCredentials().withAk(ak).withSk(sk).withProjectId(project);
  }

  <T> T client(ClientBuilder<T> builder, String ak, String sk, String project) {
    return builder.withHttpConfig(config()).withCredential(credentials(ak, sk, project))
        .withEndpoints(List.of(emu.baseUrl())).build();
  }

  EcsClient ecs(String ak, String sk, String project) {
    return client(EcsClient.newBuilder(), ak, sk, project);
  }

  EcsClient ecsA() {
    return ecs(AK_A, SK_A, TENANT_A);
  }

  EcsClient ecsService() {
    return ecs(AK_SERVICE, SK_SERVICE, TENANT_A);
  }

  CbrClient cbr(String ak, String sk, String project) {
    return client(CbrClient.newBuilder(), ak, sk, project);
  }

  ImsClient ims(String ak, String sk, String project) {
    return client(ImsClient.newBuilder(), ak, sk, project);
  }

  /** The SDK's own signed client, for calls it has no class for. */
  HcClient hc(String ak, String sk, String project) {
    return client(new ClientBuilder<>(Function.identity()), ak, sk, project);
  }

  /** Nova's {@code POST /v2.1/{project_id}/servers/{server_id}/action}, which the SDK has no class for. */
  public static class ServerActionRequest {
    private String serverId;
    private Map<String, Object> body;

    public String getServerId() {
      return serverId;
    }

    public void setServerId(String serverId) {
      this.serverId = serverId;
    }

    public Map<String, Object> getBody() {
      return body;
    }

    public void setBody(Map<String, Object> body) {
      this.body = body;
    }
  }

  /** Nova answers a lock or unlock 202 without a body. */
  public static class ServerActionResponse extends SdkResponse {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static final HttpRequestDef<ServerActionRequest, ServerActionResponse> SERVER_ACTION =
      HttpRequestDef.builder(HttpMethod.POST, ServerActionRequest.class, ServerActionResponse.class)
          .withName("NovaServerAction")
          .withUri("/v2.1/{project_id}/servers/{server_id}/action")
          .withContentType("application/json;charset=UTF-8")
          .withRequestField("server_id", LocationType.Path, FieldExistence.NON_NULL_NON_EMPTY, String.class,
              f -> f.withMarshaller(ServerActionRequest::getServerId, ServerActionRequest::setServerId))
          .withRequestField("body", LocationType.Body, FieldExistence.NON_NULL_NON_EMPTY, (Class) Map.class,
              f -> f.withMarshaller(r -> ((ServerActionRequest) r).getBody(),
                  (r, v) -> ((ServerActionRequest) r).setBody((Map<String, Object>) v)))
          .build();

  /** {@code {"lock": null}} or {@code {"unlock": null}} through the SDK's signed client. */
  ServerActionResponse serverAction(HcClient client, String serverId, String action) {
    ServerActionRequest r = new ServerActionRequest();
    r.setServerId(serverId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(action, null);
    r.setBody(body);
    return client.syncInvokeHttp(r, SERVER_ACTION);
  }

  /** The exception the SDK raises for {@code call}, which must raise one. */
  static <E extends ServiceResponseException> E raised(Class<E> type, ThrowingCallable call) {
    E e = catchThrowableOfType(type, call);
    assertThat(e).as("the SDK raises a %s", type.getSimpleName()).isNotNull();
    return e;
  }

  /** Polls until {@code done}, at most 20 s. */
  static void await(String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
