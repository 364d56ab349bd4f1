package dev.fullecs.bench;

import dev.fullecs.contract.SearchAttributes;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** See {@link BaselineWorkflow}: validate, lock, record; snapshots; record, AZ, backup, record, region, unlock. */
public class BaselineWorkflowImpl implements BaselineWorkflow {
  private final NoopActivities noop =
      Workflow.newActivityStub(
          NoopActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

  @Override
  public int run(int disks) {
    if (disks <= OVERHEADS) {
      return withOverheads(OVERHEADS - disks);
    }
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

  /**
   * The two-step shape of a server with 2 data disks, where the creation upserts, writes markers
   * and waits, with the {@link Overhead}s of {@code bits}: three steps (CREATING after the third),
   * three starts at once, three waits at once, seven steps (the fourth a wait), NORMAL and a memo.
   */
  private int withOverheads(int bits) {
    boolean payloads = Overhead.PAYLOADS.in(bits);
    String in = payloads ? "i".repeat(900) : "";
    int out = payloads ? 250 : 0;
    ActivityOptions step =
        Overhead.OPTIONS.in(bits)
            ? ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setScheduleToCloseTimeout(Duration.ofHours(24))
                .setRetryOptions(
                    RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .build()
            : ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build();
    ActivityOptions.Builder wait = ActivityOptions.newBuilder(step);
    if (Overhead.WAITS_QUEUE.in(bits)) {
      wait.setTaskQueue(WAITS_TASK_QUEUE);
    }
    if (Overhead.HEARTBEAT_TIMEOUT.in(bits)) {
      wait.setHeartbeatTimeout(Duration.ofSeconds(60))
          .setStartToCloseTimeout(Duration.ofHours(72))
          .setScheduleToCloseTimeout(Duration.ofHours(72));
    }
    NoopActivities steps = Workflow.newActivityStub(NoopActivities.class, step);
    NoopActivities waits = Workflow.newActivityStub(NoopActivities.class, wait.build());
    boolean upserts = Overhead.UPSERTS.in(bits);
    if (Overhead.MARKERS.in(bits)) {
      Workflow.getVersion("bench-a", Workflow.DEFAULT_VERSION, 1);
      Workflow.getVersion("bench-b", Workflow.DEFAULT_VERSION, 1);
    }
    if (upserts) {
      Workflow.upsertTypedSearchAttributes(
          SearchAttributeUpdate.valueSet(SearchAttributes.TENANT_ID, "tenant"),
          SearchAttributeUpdate.valueSet(SearchAttributes.REGION, "region"),
          SearchAttributeUpdate.valueSet(SearchAttributes.IMAGE_NAME, "name"),
          SearchAttributeUpdate.valueSet(SearchAttributes.IMAGE_ID, Workflow.getInfo().getWorkflowId()),
          SearchAttributeUpdate.valueSet(SearchAttributes.ECS_ID, "server"));
    }
    int calls = 0;
    for (int i = 0; i < 3; i++, calls++) {
      steps.echo(in, out);
    }
    if (upserts) {
      Workflow.upsertTypedSearchAttributes(SearchAttributeUpdate.valueSet(SearchAttributes.IMAGE_STATUS, "CREATING"));
    }
    for (NoopActivities stub : List.of(steps, waits)) {
      List<Promise<String>> perDisk = new ArrayList<>();
      for (int d = 0; d < 3; d++, calls++) {
        perDisk.add(Async.function(stub::echo, in, out));
      }
      Promise.allOf(perDisk).get();
    }
    if (Overhead.MARKERS.in(bits)) {
      Workflow.getVersion("bench-c", Workflow.DEFAULT_VERSION, 1);
      Workflow.getVersion("bench-d", Workflow.DEFAULT_VERSION, 1);
    }
    for (int i = 0; i < 7; i++, calls++) {
      (i == 3 ? waits : steps).echo(in, out);
    }
    if (upserts) {
      Workflow.upsertTypedSearchAttributes(SearchAttributeUpdate.valueSet(SearchAttributes.IMAGE_STATUS, "NORMAL"));
      Workflow.upsertMemo(Map.of("image", payloads ? "m".repeat(600) : "m"));
    }
    return calls;
  }
}
