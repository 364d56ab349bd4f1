package dev.fullecs.emulator.api;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.RefusalMapping;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.refusal.Refusal;

/**
 * The emulator's own API, {@code /v1/{tenant}/...} (docs/cloud-api.md, openapi.yaml): thin
 * mappings of its requests onto the rules of {@link Cloud}, and of the answers and refusals back.
 */
public final class CloudApi {
  /** A refusal's kind as this API's status; its code and message as they are. */
  public static final RefusalMapping REFUSALS = CloudApi::answer;

  private CloudApi() {}

  /** Registers every route of this API (the OpenAPI test checks each is documented). */
  public static void register(Router router, Cloud cloud) {
    Router own = router.answering(REFUSALS);
    TenantApi.register(own, cloud);
    ServerApi.register(own, cloud);
    SnapshotApi.register(own, cloud);
    BackupApi.register(own, cloud);
    TaskApi.register(own, cloud);
    VaultApi.register(own, cloud);
    ImageApi.register(own, cloud);
    ImageUseApi.register(own, cloud);
    ProvisionApi.register(own, cloud);
    RetainedApi.register(own, cloud);
  }

  private static ApiException answer(Refusal r) {
    int status = switch (r.kind()) {
      case INVALID -> 400;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case UNACCEPTABLE -> 422;
    };
    return new ApiException(status, r.code(), r.getMessage());
  }
}
