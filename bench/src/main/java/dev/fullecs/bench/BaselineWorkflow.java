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

  /**
   * {@code run(OVERHEADS - bits)}: the two-step shape of a server with 2 data disks (16 activities,
   * each one call of the emulator's no-op) with those of the creation's costs besides its activities
   * that {@code bits} picks ({@link Overhead}): what each costs the server (bench phase
   * {@code overheads}).
   */
  int OVERHEADS = -2000;

  /** The task queue of the baseline's waits when {@link Overhead#WAITS_QUEUE} is picked. */
  String WAITS_TASK_QUEUE = "bench-baseline-waits";

  /** What a creation does besides its activities, one bit each. */
  enum Overhead {
    UPSERTS(1, "3 search-attribute upserts (5 attributes, then ImageStatus twice) and a memo at the end"),
    OPTIONS(2, "the creation's activity options (schedule-to-close 24 h, start-to-close 2 min, retry policy, wait-for-cancel)"),
    PAYLOADS(4, "payloads of a creation's size (about 900 bytes in, 250 out per activity; a 600-byte memo)"),
    MARKERS(8, "4 version markers"),
    WAITS_QUEUE(16, "the 4 waits on a task queue of their own (2 pollers, as the product's)"),
    HEARTBEAT_TIMEOUT(32, "the 4 waits with a 60 s heartbeat timeout and 72 h timeouts");

    public final int bit;
    public final String what;

    Overhead(int bit, String what) {
      this.bit = bit;
      this.what = what;
    }

    public boolean in(int bits) {
      return (bits & bit) != 0;
    }

    /** Every bit. */
    public static int all() {
      int all = 0;
      for (Overhead o : values()) {
        all |= o.bit;
      }
      return all;
    }
  }
}
