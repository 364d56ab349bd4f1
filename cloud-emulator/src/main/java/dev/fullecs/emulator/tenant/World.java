package dev.fullecs.emulator.tenant;

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

  public Region region(String id) {
    return regions.stream().filter(r -> r.id.equals(id)).findFirst().orElse(null);
  }
}
