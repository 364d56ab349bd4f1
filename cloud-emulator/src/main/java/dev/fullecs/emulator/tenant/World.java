package dev.fullecs.emulator.tenant;

import dev.fullecs.emulator.refusal.Refusal;
import java.util.ArrayList;
import java.util.List;

/** What does not change at run time: regions, allowed region pairs, tenants and their settings. */
public class World {
  public List<Region> regions = new ArrayList<>();
  public List<RegionPair> regionPairs = new ArrayList<>();
  public List<TenantSettings> tenants = new ArrayList<>();

  public TenantSettings tenant(String id) {
    return tenants.stream().filter(t -> t.id.equals(id)).findFirst().orElse(null);
  }

  /** The tenant's settings, or a refusal (TENANT_NOT_FOUND). */
  public TenantSettings existingTenant(String id) {
    TenantSettings t = tenant(id);
    if (t == null) {
      throw Refusal.notFound("tenant", id);
    }
    return t;
  }

  public Region region(String id) {
    return regions.stream().filter(r -> r.id.equals(id)).findFirst().orElse(null);
  }

  /** Whether the cloud copies images from region {@code from} to region {@code to} (F20). */
  public boolean replicates(String from, String to) {
    return regionPairs.stream().anyMatch(p -> from.equals(p.from) && to.equals(p.to));
  }
}
