package dev.fullecs.emulator.tenant;

import java.util.ArrayList;
import java.util.List;

/** A tenant's enterprise projects and tag policy. */
public class TenantSettings {
  public String id;
  public List<String> enterpriseProjects = new ArrayList<>(List.of("default"));
  public TagPolicy tagPolicy = new TagPolicy();
}
