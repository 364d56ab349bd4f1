package dev.fullecs.emulator.inventory;

import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.server.Disk;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Json;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.tenant.AccessKey;
import dev.fullecs.emulator.tenant.Caller;
import dev.fullecs.emulator.tenant.TenantSettings;
import dev.fullecs.emulator.tenant.Token;
import dev.fullecs.emulator.tenant.TokenKind;
import dev.fullecs.emulator.tenant.World;
import dev.fullecs.emulator.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads an inventory file and fills an empty database with it, in one transaction. */
public final class InventoryLoader {
  public static final String DEFAULT_RESOURCE = "/inventory/default.json";

  private InventoryLoader() {}

  public static Inventory read(Path file) {
    try (InputStream in = file == null
        ? InventoryLoader.class.getResourceAsStream(DEFAULT_RESOURCE) : Files.newInputStream(file)) {
      if (in == null) {
        throw new IllegalStateException("bundled inventory " + DEFAULT_RESOURCE + " is missing");
      }
      return Json.MAPPER.readValue(in, Inventory.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read inventory " + (file == null ? DEFAULT_RESOURCE : file)
          + ": " + e.getMessage(), e);
    }
  }

  /** Loads {@code inv} if the database has never been filled; returns whether it did. */
  public static boolean loadIfEmpty(Store store, Inventory inv) {
    if (store.world() != null) {
      return false;
    }
    store.write(new Caller(TokenKind.ADMIN, null), "load_inventory", tx -> {
      load(tx, inv);
      return null;
    });
    return true;
  }

  private static void load(Tx tx, Inventory inv) {
    World world = new World();
    world.regions = inv.regions;
    world.regionPairs = inv.regionPairs;
    long now = tx.nowMs();
    for (Token t : inv.tokens) {
      t.tokenKind();
      tx.putToken(t);
    }
    for (AccessKey k : inv.accessKeys) {
      if (k.keyKind() == TokenKind.TENANT && inv.tenants.stream().noneMatch(t -> t.id.equals(k.tenant))) {
        throw new IllegalArgumentException("inventory access key " + k.ak + ": no tenant " + k.tenant);
      }
      tx.putAccessKey(k);
    }
    for (Inventory.TenantInventory ti : inv.tenants) {
      TenantSettings ts = new TenantSettings();
      ts.id = ti.id;
      ts.enterpriseProjects = ti.enterpriseProjects;
      ts.tagPolicy = ti.tagPolicy;
      world.tenants.add(ts);
      for (Server s : ti.servers) {
        s.tenant = ti.id;
        if (s.name == null) {
          s.name = s.id;
        }
        for (Disk d : s.disks) {
          if (d.az == null) {
            d.az = s.az;
          }
          if (d.type == null) {
            d.type = "SSD";
          }
        }
        tx.put(s);
      }
      for (Vault v : ti.vaults) {
        v.tenant = ti.id;
        if (v.name == null) {
          v.name = v.id;
        }
        tx.put(v);
      }
      for (Inventory.ExistingSnapshot es : ti.snapshots) {
        Server owner = ti.servers.stream().filter(s -> s.disk(es.diskId) != null).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("inventory snapshot " + es.id + ": no server has disk " + es.diskId));
        Snapshot s = Snapshot.available(es.id, es.name == null ? es.id : es.name, owner, owner.disk(es.diskId), now);
        tx.put(s);
      }
      for (Inventory.ExistingBackup eb : ti.backups) {
        Server owner = ti.servers.stream().filter(s -> s.id.equals(eb.serverId)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("inventory backup " + eb.id + ": no server " + eb.serverId));
        Backup b = Backup.available(eb.id, eb.name == null ? eb.id : eb.name, eb.vaultId, owner, eb.snapshotIds, now);
        tx.put(b);
      }
      for (Image i : ti.images) {
        i.tenant = ti.id;
        if (i.createdAt == null) {
          i.createdAt = tx.nowIso();
        }
        if (i.updatedAt == null) {
          i.updatedAt = i.createdAt;
        }
        tx.put(i);
      }
    }
    tx.putWorld(world);
    tx.audit(null, null, "inventory loaded: " + inv.tenants.size() + " tenants");
  }
}
