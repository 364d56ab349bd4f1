package dev.fullecs.emulator;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts a fresh emulator on a temporary SQLite file for each test. */
abstract class EmulatorTestBase {
  @TempDir
  Path dir;

  CloudEmulator emu;
  Api tenantA;
  Api tenantB;
  Api service;
  Api admin;

  /** Near-instant tasks: the demo server's 100 GiB snapshot takes about 11 ms. */
  static final double FAST = 0.001;

  void start(EmulatorOptions options) {
    emu = CloudEmulator.start(options);
    tenantA = new Api(emu.baseUrl(), Api.TENANT_A);
    tenantB = tenantA.as(Api.TENANT_B);
    service = tenantA.as(Api.SERVICE);
    admin = tenantA.as(Api.ADMIN);
  }

  EmulatorOptions options() {
    return EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0).timeScale(FAST);
  }

  void startFast() {
    start(options());
  }

  void startFixed(Duration snapshot, Duration backup) {
    start(options().fixedDurations(snapshot, backup));
  }

  void restart() {
    emu.close();
    start(options());
  }

  @AfterEach
  void stop() {
    if (emu != null) {
      emu.close();
    }
  }
}
