package dev.fullecs.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The bare-Temporal yardstick: as many activities as a creation of a server with {@code disks}
 * disks, in the same shape (three in a row, one per disk at once, then six in a row), each
 * making one plain HTTP call to the emulator's no-op endpoint.
 */
@WorkflowInterface
public interface BaselineWorkflow {
  String TASK_QUEUE = "bench-baseline";

  @WorkflowMethod
  int run(int disks);

  /** Activities of a creation of a server with {@code disks} disks (system disk included). */
  static int activities(int disks) {
    return 3 + disks + 6;
  }

  /**
   * {@code run(TWO_STEP - disks)}: the shape of a creation since {@code failure-paths} (issue 12),
   * each snapshot and the backup in two activities (start, then wait): three in a row, one start
   * per disk at once, one wait per disk at once, then seven in a row ({@code 3 + 2 x disks + 7}
   * activities: 16 for a server with 2 data disks).
   */
  int TWO_STEP = -1000;
}
