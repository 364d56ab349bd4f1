package dev.fullecs.emulator.vault;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import java.util.Map;

/** CBR vaults: read-only through the tenant API. */
public final class VaultApi {
  private final Cloud cloud;

  private VaultApi(Cloud cloud) {
    this.cloud = cloud;
  }

  public static void register(Router router, Cloud cloud) {
    VaultApi api = new VaultApi(cloud);
    router.get("/v1/{tenant}/vaults", "list_vaults", Access.TENANT_OR_SERVICE, api::list)
        .get("/v1/{tenant}/vaults/{id}", "get_vault", Access.TENANT_OR_SERVICE, api::get);
  }

  private Reply list(Call call) {
    return Reply.ok(Map.of("vaults", cloud.store().list(Vault.class, call.tenant())));
  }

  private Reply get(Call call) {
    Vault v = cloud.store().get(Vault.class, call.tenant(), call.param("id"));
    if (v == null) {
      throw ApiException.notFound("vault", call.param("id"));
    }
    return Reply.ok(v);
  }
}
