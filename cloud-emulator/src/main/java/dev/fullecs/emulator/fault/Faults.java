package dev.fullecs.emulator.fault;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/** Holds the fault configuration (in memory: a restart clears it) and draws outcomes. */
public final class Faults {
  /** What the fault injection decided for one request, before it is served. */
  public enum Injected { NONE, THROTTLE, ERROR_500, UNAVAILABLE_503, HANG }

  private volatile FaultConfig config = new FaultConfig();
  private final DoubleSupplier random;

  public Faults() {
    this(() -> ThreadLocalRandom.current().nextDouble());
  }

  public Faults(DoubleSupplier random) {
    this.random = random;
  }

  public FaultConfig config() {
    return config;
  }

  public void set(FaultConfig next) {
    next.validate();
    this.config = next;
  }

  public boolean outage() {
    return config.outage;
  }

  public OperationFaults of(String operation) {
    return config.forOperation(operation);
  }

  public Injected draw(OperationFaults f) {
    if (f == null) {
      return Injected.NONE;
    }
    double r = random.getAsDouble();
    if (r < f.p429) {
      return Injected.THROTTLE;
    }
    if (r < f.p429 + f.p500) {
      return Injected.ERROR_500;
    }
    if (r < f.p429 + f.p500 + f.p503) {
      return Injected.UNAVAILABLE_503;
    }
    if (f.pHang > 0 && random.getAsDouble() < f.pHang) {
      return Injected.HANG;
    }
    return Injected.NONE;
  }

  public boolean loseResponse(OperationFaults f) {
    return f != null && f.pLostResponse > 0 && random.getAsDouble() < f.pLostResponse;
  }

  /** Whether a task created now by {@code operation} is to end in {@code error}. */
  public boolean taskError(String operation) {
    OperationFaults f = of(operation);
    return f != null && f.pTaskError > 0 && random.getAsDouble() < f.pTaskError;
  }
}
