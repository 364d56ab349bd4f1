package dev.fullecs.emulator.inventory;

import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.tenant.Region;
import dev.fullecs.emulator.tenant.RegionPair;
import dev.fullecs.emulator.tenant.AccessKey;
import dev.fullecs.emulator.tenant.TagPolicy;
import dev.fullecs.emulator.tenant.Token;
import dev.fullecs.emulator.vault.Vault;
import java.util.ArrayList;
import java.util.List;

/**
 * The file an empty database is filled from ({@code inventory/default.json}, or the user's own).
 * Resources inside a tenant take that tenant; empty fields take the defaults of their class.
 */
public class Inventory {
  public List<Region> regions = new ArrayList<>();
  public List<RegionPair> regionPairs = new ArrayList<>();
  public List<Token> tokens = new ArrayList<>();
  /** AK/SK pairs for Huawei's API: one per tenant, and the image service's. */
  public List<AccessKey> accessKeys = new ArrayList<>();
  public List<TenantInventory> tenants = new ArrayList<>();

  /** One tenant's settings and resources. */
  public static class TenantInventory {
    public String id;
    public List<String> enterpriseProjects = new ArrayList<>(List.of("default"));
    public TagPolicy tagPolicy = new TagPolicy();
    public List<Server> servers = new ArrayList<>();
    public List<Vault> vaults = new ArrayList<>();
    public List<ExistingSnapshot> snapshots = new ArrayList<>();
    public List<ExistingBackup> backups = new ArrayList<>();
    public List<Image> images = new ArrayList<>();
  }

  /** A snapshot that is already available when the emulator starts. */
  public static class ExistingSnapshot {
    public String id;
    public String diskId;
    public String name;
  }

  /** A CBR backup that is already available when the emulator starts. */
  public static class ExistingBackup {
    public String id;
    public String vaultId;
    public String serverId;
    public String name;
    public List<String> snapshotIds = new ArrayList<>();
  }
}
