package dev.fullecs.emulator.fault;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The faults in force: a whole-service outage switch and per-operation faults. An operation's
 * own entry wins over the {@code "*"} entry; without either it has no fault.
 */
public class FaultConfig {
  public static final String EVERY_OPERATION = "*";

  public boolean outage;
  public Map<String, OperationFaults> operations = new LinkedHashMap<>();

  public OperationFaults forOperation(String operation) {
    OperationFaults f = operations.get(operation);
    return f != null ? f : operations.get(EVERY_OPERATION);
  }

  public void validate() {
    if (operations == null) {
      operations = new LinkedHashMap<>();
    }
    operations.forEach((op, f) -> {
      if (f == null) {
        throw new IllegalArgumentException("faults of " + op + " must be an object");
      }
      f.validate(op);
    });
  }
}
