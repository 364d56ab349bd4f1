package dev.fullecs.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** See {@link BaselineWorkflow}: validate, lock, record; snapshots; record, AZ, backup, record, region, unlock. */
public class BaselineWorkflowImpl implements BaselineWorkflow {
  private final NoopActivities noop =
      Workflow.newActivityStub(
          NoopActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

  @Override
  public int run(int disks) {
    if (disks <= TWO_STEP) {
      return twoStep(TWO_STEP - disks);
    }
    int calls = 0;
    for (int i = 0; i < 3; i++) {
      calls += noop.call();
    }
    List<Promise<Integer>> perDisk = new ArrayList<>();
    for (int d = 0; d < disks; d++) {
      perDisk.add(Async.function(noop::call));
    }
    for (Promise<Integer> p : perDisk) {
      calls += p.get();
    }
    for (int i = 0; i < 6; i++) {
      calls += noop.call();
    }
    return calls;
  }

  private int twoStep(int disks) {
    int calls = 0;
    for (int i = 0; i < 3; i++) {
      calls += noop.call();
    }
    for (int step = 0; step < 2; step++) {
      List<Promise<Integer>> perDisk = new ArrayList<>();
      for (int d = 0; d < disks; d++) {
        perDisk.add(Async.function(noop::call));
      }
      for (Promise<Integer> p : perDisk) {
        calls += p.get();
      }
    }
    for (int i = 0; i < 7; i++) {
      calls += noop.call();
    }
    return calls;
  }
}
