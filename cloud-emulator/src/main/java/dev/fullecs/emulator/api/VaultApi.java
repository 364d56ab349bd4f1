package dev.fullecs.emulator.api;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.vault.Vaults;
import java.util.Map;

/** CBR vaults: read-only through the tenant API. */
public final class VaultApi {
  private final Vaults vaults;

  private VaultApi(Vaults vaults) {
    this.vaults = vaults;
  }

  static void register(Router router, Cloud cloud) {
    VaultApi api = new VaultApi(cloud.vaults());
    router.get("/v1/{tenant}/vaults", "list_vaults", Access.TENANT_OR_SERVICE, api::list)
        .get("/v1/{tenant}/vaults/{id}", "get_vault", Access.TENANT_OR_SERVICE, api::get);
  }

  private Reply list(Call call) {
    return Reply.ok(Map.of("vaults", vaults.list(call.tenant())));
  }

  private Reply get(Call call) {
    return Reply.ok(vaults.get(call.tenant(), call.param("id")));
  }
}
