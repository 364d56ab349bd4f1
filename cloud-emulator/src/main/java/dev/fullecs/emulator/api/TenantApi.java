package dev.fullecs.emulator.api;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.tenant.Region;
import dev.fullecs.emulator.tenant.TenantSettings;
import dev.fullecs.emulator.tenant.World;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code whoami}, {@code settings}, {@code regions}, and {@code noop}. */
public final class TenantApi {
  private final Cloud cloud;

  private TenantApi(Cloud cloud) {
    this.cloud = cloud;
  }

  static void register(Router router, Cloud cloud) {
    TenantApi api = new TenantApi(cloud);
    router.get("/v1/{tenant}/whoami", "whoami", Access.TENANT_OR_SERVICE, api::whoami)
        .get("/v1/{tenant}/settings", "get_settings", Access.TENANT_OR_SERVICE, api::settings)
        .get("/v1/{tenant}/regions", "list_regions", Access.TENANT_OR_SERVICE, api::regions)
        .call("POST", "/v1/{tenant}/noop", "noop", Access.TENANT_OR_SERVICE, api::noop);
  }

  private Reply whoami(Call call) {
    return Reply.ok(Map.of("tenant", call.tenant(), "kind", call.caller().kind().wire()));
  }

  private Reply settings(Call call) {
    World world = cloud.store().world();
    TenantSettings t = world.tenant(call.tenant());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("enterprise_projects", t.enterpriseProjects);
    out.put("tag_policy", t.tagPolicy);
    out.put("region_pairs", world.regionPairs);
    return Reply.ok(out);
  }

  /** Does nothing: a plain call, the baseline of the benchmark (docs/PERFORMANCE.md). */
  private Reply noop(Call call) {
    return Reply.ok(Map.of());
  }

  private Reply regions(Call call) {
    List<Region> regions = cloud.store().world().regions;
    return Reply.ok(Map.of("regions", regions));
  }
}
