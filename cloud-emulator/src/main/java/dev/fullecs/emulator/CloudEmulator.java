package dev.fullecs.emulator;

import dev.fullecs.emulator.admin.AdminApi;
import dev.fullecs.emulator.api.CloudApi;
import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.fault.Faults;
import dev.fullecs.emulator.http.HttpApi;
import dev.fullecs.emulator.huawei.HuaweiApi;
import dev.fullecs.emulator.http.RequestStats;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.inventory.Inventory;
import dev.fullecs.emulator.inventory.InventoryLoader;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.timing.LoadModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The cloud control-plane emulator, started in-process (tests, the demo) or by
 * {@link EmulatorMain}: the same code, real HTTP over loopback.
 *
 * <pre>{@code
 * try (CloudEmulator emu = CloudEmulator.start(EmulatorOptions.defaults().database(db).port(0))) {
 *   String url = emu.baseUrl();
 * }
 * }</pre>
 */
public final class CloudEmulator implements AutoCloseable {
  private final Store store;
  private final HttpApi http;
  private final Cloud cloud;
  private final Router router;

  private CloudEmulator(Store store, HttpApi http, Cloud cloud, Router router) {
    this.store = store;
    this.http = http;
    this.cloud = cloud;
    this.router = router;
  }

  public static CloudEmulator start(EmulatorOptions options) {
    Objects.requireNonNull(options.database(), "database file is required");
    Inventory inventory = InventoryLoader.read(options.inventory()); // a bad file makes no database
    Store store = Store.open(options.database(), options.clock(), Cloud.RESOURCE_KINDS);
    try {
      InventoryLoader.loadIfEmpty(store, inventory);
      Cloud cloud = Cloud.over(store, new Faults(),
          new LoadModel(options.timeScale(), options.fixedSnapshot(), options.fixedBackup()),
          new RequestStats());
      Router router = routes(cloud);
      HttpApi http = new HttpApi(router, store, cloud.faults(), cloud.stats(), options.bind(), options.port());
      return new CloudEmulator(store, http, cloud, router);
    } catch (IOException e) {
      store.close();
      throw new UncheckedIOException("cannot listen on " + options.bind() + ":" + options.port(), e);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Every route the emulator serves (the OpenAPI test checks each is documented). */
  public static Router routes(Cloud cloud) {
    Router router = new Router(CloudApi.REFUSALS);
    CloudApi.register(router, cloud);
    HuaweiApi.register(router, cloud);
    AdminApi.register(router, cloud);
    return router;
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public String baseUrl() {
    String host = http.host();
    if ("0.0.0.0".equals(host)) {
      host = "127.0.0.1";
    }
    return "http://" + host + ":" + http.port();
  }

  public int port() {
    return http.port();
  }

  public Router router() {
    return router;
  }

  public Cloud cloud() {
    return cloud;
  }

  @Override
  public void close() {
    http.close();
    store.close();
  }
}
