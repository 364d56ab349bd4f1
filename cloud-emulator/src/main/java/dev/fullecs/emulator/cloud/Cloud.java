package dev.fullecs.emulator.cloud;

import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.backup.Backups;
import dev.fullecs.emulator.fault.Faults;
import dev.fullecs.emulator.http.RequestStats;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.image.ImageCatalog;
import dev.fullecs.emulator.image.ImageUses;
import dev.fullecs.emulator.image.Images;
import dev.fullecs.emulator.job.Job;
import dev.fullecs.emulator.job.Jobs;
import dev.fullecs.emulator.retained.Retained;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.server.Servers;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.snapshot.Snapshots;
import dev.fullecs.emulator.store.Resource;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.timing.LoadModel;
import dev.fullecs.emulator.vault.Vault;
import dev.fullecs.emulator.vault.Vaults;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The emulated cloud, wired over one store: its state, the faults in force, the load model, the
 * request timings, and the rules of each resource. Every API surface maps its requests onto the
 * same rules.
 */
public record Cloud(
    Store store,
    Faults faults,
    LoadModel load,
    RequestStats stats,
    Servers servers,
    Vaults vaults,
    Snapshots snapshots,
    Backups backups,
    ImageCatalog imageCatalog,
    Images images,
    ImageUses imageUses,
    Retained retained,
    Jobs jobs) {

  /** What the store keeps, each type under its kind's name in the database. */
  public static final Map<Class<? extends Resource>, String> RESOURCE_KINDS = kinds();

  private static Map<Class<? extends Resource>, String> kinds() {
    Map<Class<? extends Resource>, String> kinds = new LinkedHashMap<>();
    kinds.put(Server.class, "server");
    kinds.put(Snapshot.class, "snapshot");
    kinds.put(Backup.class, "backup");
    kinds.put(Vault.class, "vault");
    kinds.put(Image.class, "image");
    kinds.put(Job.class, "job");
    return Collections.unmodifiableMap(kinds);
  }

  /** The rules of every resource over {@code store} (opened with {@link #RESOURCE_KINDS}). */
  public static Cloud over(Store store, Faults faults, LoadModel load, RequestStats stats) {
    ImageCatalog catalog = new ImageCatalog(store);
    Vaults vaults = new Vaults(store);
    Servers servers = new Servers(store, load, catalog);
    Snapshots snapshots = new Snapshots(store, load, faults, catalog);
    Backups backups = new Backups(store, load, faults, vaults, catalog, snapshots);
    Images images = new Images(vaults, servers.locks(), backups, load);
    ImageUses imageUses = new ImageUses(catalog, load, vaults);
    Retained retained = new Retained(snapshots, backups);
    Jobs jobs = new Jobs(store, catalog);
    return new Cloud(store, faults, load, stats, servers, vaults, snapshots, backups, catalog, images, imageUses,
        retained, jobs);
  }
}
