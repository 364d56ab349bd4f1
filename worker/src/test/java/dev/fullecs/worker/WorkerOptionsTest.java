package dev.fullecs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.PollerBehaviorAutoscaling;
import org.junit.jupiter.api.Test;

/**
 * How the worker takes workflow tasks when thousands of creations start at once (issue 15). The
 * effect is measured by the benchmark's ratio phase (docs/PERFORMANCE.md), not here: this checks
 * the options that produce it, so that a change of them is a decision, not an accident.
 */
class WorkerOptionsTest {

  @Test
  void workflowTaskPollersAutoscaleSoThatNewCreationsAreTakenBesideTheStartedOnes() {
    // A fixed number of pollers makes the SDK balance one set of pollers between the task queue
    // and the sticky queue, and poll only the sticky one while it has a backlog: the creations
    // not yet started then wait for the started ones. Autoscaling polls each queue on its own.
    WorkerOptions options = ImageWorker.workerOptions();
    assertThat(options.getWorkflowTaskPollersBehavior()).isInstanceOf(PollerBehaviorAutoscaling.class);
    PollerBehaviorAutoscaling pollers =
        (PollerBehaviorAutoscaling) options.getWorkflowTaskPollersBehavior();
    assertThat(pollers.getMinConcurrentTaskPollers()).isEqualTo(2);
    assertThat(pollers.getMaxConcurrentTaskPollers()).isEqualTo(16);
  }

  @Test
  void fewStepsAndWorkflowTasksRunAtOnceSoThatThreadsStayBounded() {
    // Each running step and workflow task is a thread; with the creations taken side by side the
    // worker stays under 300 threads with 2,000 creations of 8 data disks (docs/PERFORMANCE.md).
    WorkerOptions options = ImageWorker.workerOptions();
    assertThat(options.getMaxConcurrentActivityExecutionSize()).isEqualTo(48);
    assertThat(options.getMaxConcurrentWorkflowTaskExecutionSize()).isEqualTo(16);
  }
}
