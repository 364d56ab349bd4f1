package dev.fullecs.emulator.vault;

import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.store.Tx;
import java.util.List;

/** CBR vaults: which vault may hold a server's backups, and its capacity as backups come and go. */
public final class Vaults {
  private final Store store;

  public Vaults(Store store) {
    this.store = store;
  }

  public List<Vault> list(String tenant) {
    return store.list(Vault.class, tenant);
  }

  public Vault get(String tenant, String id) {
    Vault v = store.get(Vault.class, tenant, id);
    if (v == null) {
      throw Refusal.notFound("vault", id);
    }
    return v;
  }

  /** The vault, if it can hold server backups of {@code server}: in its region, a backup vault for servers. */
  public Vault usableFor(Tx tx, String tenant, String vaultId, Server server) {
    Vault v = existing(tx, tenant, vaultId);
    if (!v.region.equals(server.region)) {
      throw Refusal.unacceptable("VAULT_REGION_MISMATCH",
          "vault " + v.id + " is in " + v.region + ", server " + server.id + " in " + server.region);
    }
    return serverBackupVault(v);
  }

  /**
   * The vault, if it can receive a copy of a server backup in {@code region}: in that region, a
   * vault for servers, of either protection type (backup or replication).
   */
  public Vault receivingInRegion(Tx tx, String tenant, String vaultId, String region) {
    Vault v = existing(tx, tenant, vaultId);
    if (!v.region.equals(region)) {
      throw Refusal.unacceptable("VAULT_REGION_MISMATCH", "vault " + v.id + " is in " + v.region + ", not in " + region);
    }
    if (!"server".equals(v.objectType)) {
      throw Refusal.unacceptable("VAULT_NOT_SERVER_TYPE",
          "vault " + v.id + " holds " + v.objectType + " backups; a server vault is needed");
    }
    return v;
  }

  private static Vault existing(Tx tx, String tenant, String vaultId) {
    if (vaultId == null || vaultId.isBlank()) {
      throw Refusal.invalid("vault_id is required");
    }
    Vault v = tx.get(Vault.class, tenant, vaultId);
    if (v == null) {
      throw Refusal.notFound("vault", vaultId);
    }
    return v;
  }

  private static Vault serverBackupVault(Vault v) {
    if (!"backup".equals(v.protectionType)) {
      throw Refusal.unacceptable("VAULT_NOT_BACKUP_TYPE",
          "vault " + v.id + " is a " + v.protectionType + " vault; a backup vault is needed");
    }
    if (!"server".equals(v.objectType)) {
      throw Refusal.unacceptable("VAULT_NOT_SERVER_TYPE",
          "vault " + v.id + " holds " + v.objectType + " backups; a server backup vault is needed");
    }
    return v;
  }

  /** Takes {@code gib} of the vault's capacity for a new backup, or refuses if it has not that much free. */
  public void reserve(Tx tx, Vault vault, long gib) {
    if (vault.usedGib + gib > vault.capacityGib) {
      throw Refusal.conflict("VAULT_CAPACITY_EXCEEDED", "vault " + vault.id + " has "
          + (vault.capacityGib - vault.usedGib) + " GiB free; the backup needs " + gib + " GiB");
    }
    vault.usedGib += gib;
    tx.put(vault);
  }

  /** Gives back what a deleted backup of {@code gib} took in the vault (if the vault is still there). */
  public void release(Tx tx, String tenant, String vaultId, long gib) {
    Vault v = tx.get(Vault.class, tenant, vaultId);
    if (v != null) {
      v.usedGib = Math.max(0, v.usedGib - gib);
      tx.put(v);
    }
  }
}
