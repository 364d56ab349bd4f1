package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.contract.ImageWorkflows;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: {@code show} and {@code watch} know provisionings (F18) and replications (F20), not only creations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShowAndWatchUsesTest {
  static final String PROVISIONING = ImageWorkflows.provisionWorkflowId(Stack.TENANT, "sw-p1");
  static final String REPLICATION = ImageWorkflows.replicateWorkflowId(Stack.TENANT, "sw-r1");

  @TempDir static Path dir;
  Stack stack;
  String imageId;
  Stack.Run provisioned;
  Stack.Run replicated;

  @BeforeAll
  void start() {
    stack = Stack.start(dir, 0.05);
    Stack.Run created = stack.create("sw-1", "web-sw", "--wait", "--json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    imageId = created.json().path("result").path("image_id").asText();
    provisioned = stack.user("provision", imageId, "--az", "cn-north-4b", "--count", "2", "--name", "sw-clone",
        "--request-id", "sw-p1", "--wait", "--json");
    assertThat(provisioned.exitCode()).as(provisioned.toString()).isZero();
    replicated = stack.user("replicate", imageId, "--region", "cn-east-3", "--request-id", "sw-r1", "--wait", "--json");
    assertThat(replicated.exitCode()).as(replicated.toString()).isZero();
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void showAProvisioningByItsIdOrRequestId() {
    Stack.Run show = stack.user("show", PROVISIONING, "--json");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    JsonNode p = show.json().path("provisioning");
    assertThat(p.path("workflow_id").asText()).isEqualTo(PROVISIONING);
    assertThat(p.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(p.path("image_id").asText()).isEqualTo(imageId);
    assertThat(p.path("az").asText()).isEqualTo("cn-north-4b");
    assertThat(p.path("servers").findValuesAsText("name")).containsExactly("sw-clone-1", "sw-clone-2");
    assertThat(p.path("servers").findValuesAsText("state")).containsExactly("RUNNING", "RUNNING");
    assertThat(p.path("servers")).isEqualTo(provisioned.json().path("servers"));

    Stack.Run text = stack.user("show", "sw-p1", "--of", "provisionings");
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).startsWith("provisioning " + PROVISIONING + ": COMPLETED\n")
        .contains("sw-clone-1").contains("sw-clone-2").contains("2 named sw-clone-1 to sw-clone-2");
  }

  @Test
  void showAReplicationWithItsReplica() {
    Stack.Run show = stack.user("show", REPLICATION, "--json");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    JsonNode r = show.json().path("replication");
    assertThat(r.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(r.path("image_id").asText()).isEqualTo(imageId);
    assertThat(r.path("region").asText()).isEqualTo("cn-east-3");
    assertThat(r.path("replica_id").asText()).isEqualTo(replicated.json().path("replica_id").asText());
    assertThat(r.path("replica").path("status").asText()).isEqualTo("NORMAL");

    Stack.Run text = stack.user("show", "sw-r1", "--of", "replications");
    assertThat(text.out()).startsWith("replication " + REPLICATION + ": COMPLETED\n")
        .contains(replicated.json().path("replica_id").asText() + " NORMAL in cn-east-3");
  }

  @Test
  void watchEndsAsTheCommandThatStartedItEnds() {
    Stack.Run provision = stack.user("watch", PROVISIONING, "--json");
    assertThat(provision.exitCode()).as(provision.toString()).isZero();
    assertThat(provision.json()).isEqualTo(provisioned.json());
    Stack.Run replication = stack.user("watch", "sw-r1", "--of", "replications", "--json");
    assertThat(replication.exitCode()).as(replication.toString()).isZero();
    assertThat(replication.json()).isEqualTo(replicated.json());
  }

  @Test
  void watchFollowsARunningProvisioning() {
    Stack.Run started = stack.user("provision", imageId, "--az", "cn-north-4c", "--name", "sw-later",
        "--request-id", "sw-p2");
    assertThat(started.exitCode()).as(started.toString()).isZero();
    Stack.Run watch = stack.user("watch", "sw-p2", "--of", "provisionings");
    assertThat(watch.exitCode()).as(watch.toString()).isZero();
    assertThat(watch.out()).contains("provisioned 1 ECS from image " + imageId + " in cn-north-4c:")
        .contains("sw-later-1");
  }

  @Test
  void anotherTenantsOrAnUnknownProvisioningIsRefused() {
    Stack.Run other = stack.as("tenant-b", "tok-tenant-b", "show", PROVISIONING);
    assertThat(other.exitCode()).isEqualTo(2);
    assertThat(other.err()).contains("provisioning " + PROVISIONING + " does not belong to tenant tenant-b");
    Stack.Run watchOther = stack.as("tenant-b", "tok-tenant-b", "watch", REPLICATION);
    assertThat(watchOther.exitCode()).isEqualTo(2);
    assertThat(watchOther.err()).contains("does not belong to tenant tenant-b");
    Stack.Run unknown = stack.user("show", "nope-1", "--of", "provisionings");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("there is no provisioning nope-1 for tenant tenant-a");
  }
}
