package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.testkit.CliResult;
import dev.fullecs.testkit.CloudApi;
import dev.fullecs.testkit.Processes;
import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster's other crashes (the history service's is in {@link ClusterTest}): Temporal's
 * matching service killed with SIGKILL in the middle of a creation and started again by
 * cluster-up.sh; PostgreSQL stopped the immediate way (no checkpoint, every connection cut, like
 * a crash) and started again while snapshots are being taken. Each creation completes with the
 * cloud exactly right.
 */
@Tag("cluster")
@ExtendWith(WallTime.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailuresTest {
  // Snapshots of 20 s: the crashes happen while they are taken.
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(
      Stack.cluster().workers(2).emulatorOptions("--fixed-snapshot-seconds", "20", "--fixed-backup-seconds", "10"));

  @Test
  @Order(1)
  void aMatchingServiceKilledDuringACreationAndStartedAgainByTheScriptLetsItFinish(Stack cluster) {
    String server = "ecs-web-01";
    String workflowId = cluster.create("cluster-kill-matching", server, "vault-backup", "web-01-matching");
    Creations.awaitPendingActivity(cluster, workflowId, "AwaitSnapshot", false, Duration.ofSeconds(90));
    Processes.waitFor("three snapshots are being taken", Duration.ofSeconds(30), null,
        () -> cluster.cloud().snapshotsOf(server).size() == 3);

    long killed = cluster.pid("temporal-matching");
    cluster.kill9("temporal-matching");
    Processes.sleep(Duration.ofSeconds(2));
    CliResult again = cluster.up();
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("temporal-history already running").contains("temporal-frontend already running")
        .contains("worker-1 already running").doesNotContain("temporal-matching already running");
    long restarted = cluster.pid("temporal-matching");
    assertThat(restarted).isNotEqualTo(killed);
    assertThat(Processes.alive(restarted)).isTrue();

    assertThat(Creations.awaitClosed(cluster, workflowId, Duration.ofSeconds(240)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    CloudChecks.assertCompleteImage(cluster, Creations.imageId(cluster, workflowId), server);
  }

  @Test
  @Order(2)
  void anImmediatePostgresqlRestartDuringTheSnapshotsLetsTheCreationFinish(Stack cluster) {
    String server = "ecs-eight-disks";
    String workflowId = cluster.create("cluster-restart-postgresql", server, "vault-backup", "eight-disks-pg");
    Creations.awaitPendingActivity(cluster, workflowId, "AwaitSnapshot", false, Duration.ofSeconds(90));
    Processes.waitFor("nine snapshots are being taken", Duration.ofSeconds(30), null,
        () -> cluster.cloud().snapshotsOf(server).size() == 9);
    assertThat(cluster.cloud().snapshotsOf(server)).allMatch(s -> s.path("status").asText().equals("creating"));

    Map<String, Long> before = new LinkedHashMap<>(cluster.pieces());
    cluster.restartPostgresImmediately();
    assertThat(cluster.pid("postgresql")).isNotEqualTo(before.get("postgresql"));
    assertThat(Processes.countLines(cluster.log("postgresql"), "received immediate shutdown request"))
        .as("PostgreSQL's log shows the immediate shutdown").isEqualTo(1);
    assertThat(Processes.countLines(cluster.log("postgresql"), "automatic recovery in progress"))
        .as("and a start that recovers from it, as after a crash").isEqualTo(1);

    assertThat(Creations.awaitClosed(cluster, workflowId, Duration.ofSeconds(240)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    CloudChecks.assertCompleteImage(cluster, Creations.imageId(cluster, workflowId), server);
    // Visibility on the restarted database has the creation's end.
    CliResult listed = cluster.temporal("workflow", "list", "--query",
        "EcsId=\"" + server + "\" AND ImageStatus=\"NORMAL\"", "-o", "json");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    assertThat(CloudApi.list(listed.json())).hasSize(1);
    // Temporal's services rode the restart out: the same processes as before.
    for (String service : Stack.TEMPORAL_SERVICES) {
      assertThat(cluster.pid("temporal-" + service)).as("temporal-%s", service)
          .isEqualTo(before.get("temporal-" + service));
      assertThat(cluster.alive("temporal-" + service)).as("temporal-%s", service).isTrue();
    }
  }
}
