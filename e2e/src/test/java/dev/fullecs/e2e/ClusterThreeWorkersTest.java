package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scaling out on the cluster: three worker processes of cluster-up.sh on the task queues share
 * creations through Temporal's matching service; each image has exactly its own server's
 * snapshots and backup, and every worker ran activities.
 */
@Tag("cluster")
@ExtendWith(WallTime.class)
class ClusterThreeWorkersTest {
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(Stack.cluster().workers(3).emulatorOptions("--time-scale", "0.2"));

  @Test
  void threeWorkersShareNineCreationsAndEachImageHasExactlyItsOwnResources(Stack cluster) throws Exception {
    assertThat(cluster.pieces()).containsKeys("worker-1", "worker-2", "worker-3").doesNotContainKey("worker-4");
    TwoWorkersTest.workersShareCreations(cluster, 9);
  }
}
