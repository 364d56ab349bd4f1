package dev.fullecs.emulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** How to start a {@link CloudEmulator}. Every setter returns {@code this}. */
public final class EmulatorOptions {
  public static final int DEFAULT_PORT = 8780;

  private Path database;
  private String bind = "127.0.0.1";
  private int port = DEFAULT_PORT;
  private double timeScale = 1.0;
  private Duration fixedSnapshot;
  private Duration fixedBackup;
  private Path inventory;
  private Clock clock = Clock.systemUTC();

  private EmulatorOptions() {}

  public static EmulatorOptions defaults() {
    return new EmulatorOptions();
  }

  /** The SQLite file (required); created and filled from the inventory if absent. */
  public EmulatorOptions database(Path file) {
    this.database = file;
    return this;
  }

  /** Address to listen on; default 127.0.0.1. */
  public EmulatorOptions bind(String address) {
    this.bind = Objects.requireNonNull(address);
    return this;
  }

  /** Port; 0 picks a free one. Default 8780. */
  public EmulatorOptions port(int port) {
    this.port = port;
    return this;
  }

  /** Multiplies every snapshot and backup duration; default 1.0. */
  public EmulatorOptions timeScale(double scale) {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("time scale must be > 0");
    }
    this.timeScale = scale;
    return this;
  }

  /**
   * Fixed-duration mode: every snapshot takes exactly {@code snapshot} and every backup exactly
   * {@code backup} of wall time, whatever the size, the contention or the time scale.
   */
  public EmulatorOptions fixedDurations(Duration snapshot, Duration backup) {
    this.fixedSnapshot = snapshot;
    this.fixedBackup = backup;
    return this;
  }

  /** The inventory file loaded into an empty database; null means the bundled default. */
  public EmulatorOptions inventory(Path file) {
    this.inventory = file;
    return this;
  }

  /** The clock tasks are timed with (tests); default the system clock. */
  public EmulatorOptions clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
    return this;
  }

  public Path database() {
    return database;
  }

  public String bind() {
    return bind;
  }

  public int port() {
    return port;
  }

  public double timeScale() {
    return timeScale;
  }

  public Duration fixedSnapshot() {
    return fixedSnapshot;
  }

  public Duration fixedBackup() {
    return fixedBackup;
  }

  public Path inventory() {
    return inventory;
  }

  public Clock clock() {
    return clock;
  }
}
