package dev.fullecs.emulator.huawei;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Router;

/**
 * Huawei Cloud's own API (ECS, EVS, CBR, IMS and the ECS Nova lock), the subset a full-ECS image needs,
 * on the real paths with the real field names, status values, signature and errors, over the same
 * rules as the own API ({@link Cloud}): a second set of thin mappings. Documented in README
 * ("Huawei's API") and in openapi.yaml.
 */
public final class HuaweiApi {
  private HuaweiApi() {}

  /** Registers every route of Huawei's API (the OpenAPI test checks each is documented). */
  public static void register(Router router, Cloud cloud) {
    SdkSignature signature = new SdkSignature();
    EcsApi.register(router.surface(HuaweiService.ECS.surface(signature)), cloud);
    NovaApi.register(router.surface(HuaweiService.NOVA.surface(signature)), cloud);
    EvsApi.register(router.surface(HuaweiService.EVS.surface(signature)), cloud);
    JobApi.register(router.surface(HuaweiService.JOBS.surface(signature)), cloud);
    CbrApi.register(router.surface(HuaweiService.CBR.surface(signature)), cloud);
    ImsApi.register(router.surface(HuaweiService.IMS.surface(signature)),
        router.surface(HuaweiService.GLANCE.surface(signature)), cloud);
  }
}
