package dev.fullecs.cloud.huaweicloud;

import com.huaweicloud.sdk.cbr.v1.CbrClient;
import com.huaweicloud.sdk.cbr.v1.region.CbrRegion;
import com.huaweicloud.sdk.core.ClientBuilder;
import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.SdkResponse;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ConnectionException;
import com.huaweicloud.sdk.core.exception.RequestTimeoutException;
import com.huaweicloud.sdk.core.exception.SdkException;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.FieldExistence;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequestDef;
import com.huaweicloud.sdk.core.http.LocationType;
import com.huaweicloud.sdk.core.region.Region;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.region.EcsRegion;
import com.huaweicloud.sdk.evs.v2.EvsClient;
import com.huaweicloud.sdk.evs.v2.region.EvsRegion;
import com.huaweicloud.sdk.ims.v2.ImsClient;
import com.huaweicloud.sdk.ims.v2.region.ImsRegion;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.CloudTimeoutException;
import dev.fullecs.cloud.CloudUnavailableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The official SDK's clients, one set per tenant (a Huawei project, with that project's AK/SK), built
 * once and kept: against the settings' endpoint when one is set (the emulator), else Huawei's
 * endpoints of the region. {@link #call} turns what the SDK throws into {@link CloudException}s and
 * sends a call again after a transient failure that came at once, as the emulator implementation
 * does. The secret key is only ever inside the SDK's credentials.
 */
final class HuaweiClients {
  private final HuaweiSettings settings;
  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

  HuaweiClients(HuaweiSettings settings) {
    this.settings = settings;
  }

  private record Tenant(EcsClient ecs, EvsClient evs, CbrClient cbr, ImsClient ims, HcClient hc) {}

  private Tenant tenant(String tenant) {
    return tenants.computeIfAbsent(tenant, t -> {
      HuaweiSettings.Credential c = settings.credential(t);
      return new Tenant(
          build(EcsClient.newBuilder(), c, () -> EcsRegion.valueOf(settings.region())),
          build(EvsClient.newBuilder(), c, () -> EvsRegion.valueOf(settings.region())),
          build(CbrClient.newBuilder(), c, () -> CbrRegion.valueOf(settings.region())),
          build(ImsClient.newBuilder(), c, () -> ImsRegion.valueOf(settings.region())),
          // the SDK's own signed client, for Nova's lock, which it has no class for; its endpoint is ECS's
          build(new ClientBuilder<>(Function.identity()), c, () -> EcsRegion.valueOf(settings.region())));
    });
  }

  private <T> T build(ClientBuilder<T> builder, HuaweiSettings.Credential c, Supplier<Region> region) {
    // the worker's call bounds (HttpCloudClient.Timeouts.worker()): connect 5 s, answer 20 s, so that a
    // call ends well inside a short step's start-to-close and a wait's heartbeat timeout
    builder.withHttpConfig(HttpConfig.getDefaultHttpConfig().withConnectionTimeout(5).withReadTimeout(20))
        .withCredential(new BasicCredentials().withAk(c.ak()).withSk(c.sk()).withProjectId(c.projectId()));
    if (settings.endpoint().isPresent()) {
      builder.withEndpoints(List.of(settings.endpoint().get()));
    } else {
      builder.withRegion(region.get());
    }
    return builder.build();
  }

  EcsClient ecs(String tenant) {
    return tenant(tenant).ecs();
  }

  EvsClient evs(String tenant) {
    return tenant(tenant).evs();
  }

  CbrClient cbr(String tenant) {
    return tenant(tenant).cbr();
  }

  ImsClient ims(String tenant) {
    return tenant(tenant).ims();
  }

  /** Nova's {@code {"lock": null}} or {@code {"unlock": null}}, signed by the SDK. */
  Void novaAction(String tenant, String serverId, String action) {
    NovaActionRequest r = new NovaActionRequest();
    r.setServerId(serverId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(action, null);
    r.setBody(body);
    tenant(tenant).hc().syncInvokeHttp(r, NOVA_ACTION);
    return null;
  }

  /**
   * Runs {@code call}, mapping the SDK's exceptions; a transient failure that came at once (429, 5xx,
   * no connection) is tried again up to {@link HuaweiSettings#quickRetries()} times after 200 ms,
   * 400 ms, ... A call that timed out is not.
   */
  <T> T call(String tenant, String what, Supplier<T> call) {
    for (int attempt = 0; ; attempt++) {
      try {
        return once(what, call);
      } catch (CloudException e) {
        if (attempt >= settings.quickRetries() || !e.retryable() || e instanceof CloudTimeoutException) {
          throw e;
        }
        try {
          Thread.sleep((200L << Math.min(attempt, 4)) + ThreadLocalRandom.current().nextLong(100));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static <T> T once(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (ServiceResponseException e) {
      String code = e.getErrorCode();
      String message = what + " failed with " + e.getHttpStatusCode() + (code == null ? "" : " " + code)
          + (e.getErrorMsg() == null ? "" : ": " + e.getErrorMsg())
          + (e.getRequestId() == null ? "" : " (request " + e.getRequestId() + ")");
      throw CloudException.forStatus(e.getHttpStatusCode(), code, message);
    } catch (RequestTimeoutException e) {
      throw new CloudTimeoutException("Huawei Cloud did not answer " + what + " in time", e);
    } catch (ConnectionException e) {
      throw new CloudUnavailableException("could not reach Huawei Cloud for " + what + ": " + e.getMessage(), 0,
          null, e);
    } catch (SdkException e) {
      throw new CloudUnavailableException("the SDK failed " + what + ": " + e.getMessage(), 0, null, e);
    }
  }

  /** Nova's {@code POST /v2.1/{project_id}/servers/{server_id}/action}, which the SDK has no class for. */
  public static final class NovaActionRequest {
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
  public static final class NovaActionResponse extends SdkResponse {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final HttpRequestDef<NovaActionRequest, NovaActionResponse> NOVA_ACTION =
      HttpRequestDef.builder(HttpMethod.POST, NovaActionRequest.class, NovaActionResponse.class)
          .withName("NovaServerAction")
          .withUri("/v2.1/{project_id}/servers/{server_id}/action")
          .withContentType("application/json;charset=UTF-8")
          .withRequestField("server_id", LocationType.Path, FieldExistence.NON_NULL_NON_EMPTY, String.class,
              f -> f.withMarshaller(NovaActionRequest::getServerId, NovaActionRequest::setServerId))
          .withRequestField("body", LocationType.Body, FieldExistence.NON_NULL_NON_EMPTY, (Class) Map.class,
              f -> f.withMarshaller(r -> ((NovaActionRequest) r).getBody(),
                  (r, v) -> ((NovaActionRequest) r).setBody((Map<String, Object>) v)))
          .build();
}
