package dev.fullecs.emulator.tenant;

import dev.fullecs.emulator.refusal.Refusal;
import java.util.ArrayList;
import java.util.List;

/** A tenant's enterprise projects and tag policy. */
public class TenantSettings {
  public String id;
  public List<String> enterpriseProjects = new ArrayList<>(List.of("default"));
  public TagPolicy tagPolicy = new TagPolicy();

  /** The enterprise project a resource goes into ({@code default} if none is named), or a refusal. */
  public String enterpriseProject(String named) {
    String project = named == null ? "default" : named;
    if (!enterpriseProjects.contains(project)) {
      throw Refusal.unacceptable("ENTERPRISE_PROJECT_NOT_FOUND", "enterprise project " + project + " does not exist");
    }
    return project;
  }
}
