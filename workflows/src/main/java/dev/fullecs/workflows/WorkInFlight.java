package dev.fullecs.workflows;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The calls of a creation that change the cloud, and the work that makes them. A stop waits for
 * all of them before its cleanup, so nothing is created after the cleanup (F11). Waits are not
 * tracked here: they change nothing, and a cancel does not wait for them.
 */
final class WorkInFlight {
  private final List<Promise<?>> promises = new ArrayList<>();

  <T> Promise<T> track(Promise<T> promise) {
    promises.add(promise);
    return promise;
  }

  /** Runs a call that changes the cloud, tracked, and waits for it. */
  void run(Runnable call) {
    track(Async.procedure(call::run)).get();
  }

  /** As {@link #run}, returning the call's answer. */
  <T> T call(Supplier<T> call) {
    return track(Async.function(call::get)).get();
  }

  /** Waits until everything tracked has completed, whatever the outcome. */
  void awaitAll() {
    Workflow.await(this::allCompleted);
  }

  private boolean allCompleted() {
    for (Promise<?> p : promises) {
      if (!p.isCompleted()) {
        return false;
      }
    }
    return true;
  }
}
