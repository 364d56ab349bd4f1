package dev.fullecs.workflows;

import dev.fullecs.contract.MaintenanceWindow;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * F12: the maintenance window's clock. It starts when the ECS is locked, can be extended while the
 * creation runs, and stops the work when it runs out. Workflow code only: workflow time, and one
 * timer per wait whatever its length.
 */
final class WindowClock {
  /** Null: no window, or one that does not parse (validation reports it, F2). */
  private Duration window;
  /** Workflow time at which the window runs out; null until the lock. */
  private Long deadline;

  private WindowClock(Duration window) {
    this.window = window;
  }

  /** The window the request asks for. Never throws: a window that does not parse is validation's. */
  static WindowClock of(String text) {
    if (text == null || text.isBlank()) {
      return new WindowClock(null);
    }
    try {
      return new WindowClock(MaintenanceWindow.parseDuration(text));
    } catch (IllegalArgumentException e) {
      return new WindowClock(null);
    }
  }

  boolean isSet() {
    return window != null;
  }

  Duration duration() {
    return window;
  }

  /** Starts counting (at the lock). */
  void start() {
    if (window != null) {
      deadline = Workflow.currentTimeMillis() + window.toMillis();
    }
  }

  /** Time left while counting; null when there is no window or it has not started. */
  Long leftMillis() {
    return deadline == null ? null : Math.max(0, deadline - Workflow.currentTimeMillis());
  }

  boolean hasRunOut() {
    return deadline != null && Workflow.currentTimeMillis() >= deadline;
  }

  /**
   * Waits until {@code done} completes; returns true if the window ran out first. An extension
   * during the wait moves the deadline and the wait goes on.
   */
  boolean runsOutBefore(Promise<?> done) {
    while (!done.isCompleted()) {
      if (deadline == null) {
        Workflow.await(done::isCompleted);
        return false;
      }
      long until = deadline;
      long left = until - Workflow.currentTimeMillis();
      if (left <= 0) {
        return true;
      }
      Workflow.await(Duration.ofMillis(left), () -> done.isCompleted() || deadline != until);
    }
    return false;
  }

  /**
   * Why an extension by {@code extra} cannot be accepted now, or null when it can. The creation's
   * own stop, if any, is the caller's to check first.
   */
  String refusal(Duration extra) {
    if (window == null) {
      return "this creation has no maintenance window to extend";
    }
    if (hasRunOut()) {
      return "the maintenance window of " + MaintenanceWindow.format(window)
          + " has run out; it can no longer be extended";
    }
    if (window.plus(extra).compareTo(MaintenanceWindow.MAX) > 0) {
      return "a maintenance window cannot be longer than "
          + MaintenanceWindow.format(MaintenanceWindow.MAX);
    }
    return null;
  }

  void extend(Duration extra) {
    window = window.plus(extra);
    if (deadline != null) {
      deadline = deadline + extra.toMillis();
    }
  }

  /** {@code 30m}, {@code 1h30m}: as users write it. */
  String describe() {
    return MaintenanceWindow.format(window);
  }
}
