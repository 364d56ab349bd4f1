package dev.fullecs.starter;

import static dev.fullecs.starter.CloudAssertions.assertOneSnapshotPerDisk;
import static dev.fullecs.starter.CloudAssertions.assertUnchanged;
import static dev.fullecs.starter.CloudAssertions.assertUnlocked;
import static dev.fullecs.starter.CloudAssertions.imagesOf;
import static dev.fullecs.starter.CloudAssertions.regionAzs;
import static dev.fullecs.starter.CloudAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.starter.temporal.Creations;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The starter end to end in one JVM: test server, emulator, worker, and starter commands through
 * picocli. Every test checks what the cloud itself reports, not only the exit code.
 */
class EndToEndTest {
  @TempDir Path dir;
  Stack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void createWaitMakesTheImageNormalInEveryAzWithOneSnapshotPerDiskAndOneBackup() {
    stack = Stack.start(dir, 0.05);

    Stack.Run run = stack.create("happy-1", "web-full", "--wait", "--json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode json = run.json();
    assertThat(json.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(json.path("workflow_id").asText()).isEqualTo(ImageWorkflows.workflowId(Stack.TENANT, "happy-1"));
    String imageId = json.path("result").path("image_id").asText();
    assertThat(json.path("seconds_per_step").has("SNAPSHOT_DISKS")).isTrue();
    assertThat(json.path("server").path("locked").asBoolean(true)).isFalse();

    JsonNode image = stack.cloud.image(imageId);
    assertThat(image.path("status").asText()).isEqualTo("NORMAL");
    assertThat(texts(image.path("available_azs")))
        .containsExactlyInAnyOrderElementsOf(regionAzs(stack.cloud, Stack.REGION));
    assertOneSnapshotPerDisk(stack.cloud, Stack.SERVER);
    assertThat(texts(image.path("snapshot_ids"))).hasSize(3);
    for (String snapshotId : texts(image.path("snapshot_ids"))) {
      assertThat(stack.cloud.snapshot(snapshotId).path("status").asText()).isEqualTo("available");
    }
    JsonNode backups = stack.cloud.backupsOfServer(Stack.SERVER);
    assertThat(backups).hasSize(1);
    assertThat(backups.get(0).path("id").asText()).isEqualTo(image.path("backup_id").asText());
    assertThat(backups.get(0).path("status").asText()).isEqualTo("available");
    assertUnlocked(stack.cloud, Stack.SERVER);
  }

  @Test
  void plainOutputFollowsStepsAndDisksLineByLine() {
    stack = Stack.start(dir, 0.3);

    Stack.Run run = stack.create("plain-1", "web-plain", "--wait");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("started creation " + ImageWorkflows.workflowId(Stack.TENANT, "plain-1"))
        .contains("step SNAPSHOT_DISKS")
        .contains("disk ecs-web-01-data1 (data, 100 GiB): snapshot snap-")
        .contains("step BACKUP_SERVER")
        .contains("is NORMAL in cn-north-4a, cn-north-4b, cn-north-4c")
        .contains("ecs-web-01 unlocked")
        .doesNotContain("\u001b[");
  }

  @Test
  void sameRequestIdReturnsTheSameCreationAndADifferentRequestIsRefused() {
    stack = Stack.start(dir, 0.05);
    Stack.Run first = stack.create("same-1", "web-same", "--wait", "--json");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    String imageId = first.json().path("result").path("image_id").asText();

    Stack.Run again = stack.create("same-1", "web-same", "--json");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.json().path("result").path("image_id").asText()).isEqualTo(imageId);

    Stack.Run other = stack.create("same-1", "web-other", "--json");
    assertThat(other.exitCode()).as(other.toString()).isEqualTo(2);
    assertThat(other.err()).contains("request id same-1 was already used for a different request");

    assertThat(imagesOf(stack.cloud, Stack.SERVER)).hasSize(1);
    assertThat(stack.cloud.backupsOfServer(Stack.SERVER)).hasSize(1);
  }

  @Test
  void cancelDuringSnapshotsDeletesTheImageKeepsTheSnapshotsAndUnlocks() {
    stack = Stack.start(dir, 1.0);
    Stack.Run started = stack.create("cancel-1", "web-cancel", "--maintenance-window", "30m");
    assertThat(started.exitCode()).as(started.toString()).isZero();
    String workflowId = ImageWorkflows.workflowId(Stack.TENANT, "cancel-1");
    awaitPendingSnapshots(workflowId);

    Stack.Run extended = stack.user("extend", "cancel-1", "30m", "--json");
    assertThat(extended.exitCode()).as(extended.toString()).isZero();
    assertThat(extended.json().path("maintenance_window_left_millis").asLong())
        .isGreaterThan(Duration.ofMinutes(59).toMillis());

    Stack.Run cancel = stack.user("cancel", workflowId);

    assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
    assertThat(cancel.out()).contains("was cancelled").contains("retained:").contains("kept 3 snapshots")
        .contains("ecs-web-01 unlocked");
    List<JsonNode> images = imagesOf(stack.cloud, Stack.SERVER);
    assertThat(images).hasSize(1);
    JsonNode image = images.get(0);
    assertThat(image.path("status").asText()).isEqualTo("DELETED");
    assertThat(image.path("retained_note").asText()).isNotBlank();
    assertOneSnapshotPerDisk(stack.cloud, Stack.SERVER);
    assertThat(stack.cloud.backupsOfServer(Stack.SERVER)).isEmpty();
    assertUnlocked(stack.cloud, Stack.SERVER);

    Stack.Run show = stack.user("show", image.path("id").asText(), "--json");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.json().path("image").path("status").asText()).isEqualTo("DELETED");

    Stack.Run watch = stack.user("watch", "cancel-1");
    assertThat(watch.exitCode()).as(watch.toString()).isEqualTo(3);
  }

  @Test
  void invalidInputExitsTwoWithEveryViolationAndChangesNothing() {
    stack = Stack.start(dir, 0.05);
    JsonNode before = stack.adminState();

    Stack.Run run = stack.user("create", "--region", Stack.REGION, "--server", Stack.SERVER,
        "--vault", Stack.VAULT, "--name", " bad*name", "--tag", "a/b=1", "--request-id", "bad-1");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.out()).contains("AGREEMENT_NOT_ACCEPTED").contains("IMAGE_NAME_INVALID")
        .contains("TAG_KEY_INVALID").contains("nothing was changed");
    assertUnchanged(before, stack.adminState());
    assertThat(new Creations(stack.client(), Stack.TENANT)
        .describe(ImageWorkflows.workflowId(Stack.TENANT, "bad-1"))).isEmpty();

    Stack.Run validate = stack.user("validate", "--region", Stack.REGION, "--server", Stack.SERVER,
        "--vault", Stack.VAULT, "--name", "ok-name", "--json");
    assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(2);
    assertThat(validate.json().path("valid").asBoolean()).isFalse();
    assertThat(validate.json().path("violations").findValuesAsText("code"))
        .containsExactly("AGREEMENT_NOT_ACCEPTED");

    Stack.Run badWindow = stack.create("bad-2", "web-x", "--maintenance-window", "forever");
    assertThat(badWindow.exitCode()).as(badWindow.toString()).isEqualTo(2);
    assertThat(badWindow.out()).contains("MAINTENANCE_WINDOW_INVALID");

    Stack.Run badTag = stack.create("bad-3", "web-x", "--tag", "novalue");
    assertThat(badTag.exitCode()).isEqualTo(2);
    assertThat(badTag.err()).contains("a tag is KEY=VALUE").doesNotContain("Exception");
    assertUnchanged(before, stack.adminState());
  }

  @Test
  void aBadTokenIsRefusedBeforeAnythingStartsOrChanges() {
    stack = Stack.start(dir, 0.05);
    JsonNode before = stack.adminState();
    String[] request = {"create", "--tenant", Stack.TENANT, "--cloud-url", stack.emulator.baseUrl(),
        "--region", Stack.REGION, "--server", Stack.SERVER, "--vault", Stack.VAULT,
        "--name", "web-tok", "--accept-disclaimer", "--request-id", "tok-1", "--token"};

    for (String token : List.of("not-a-token", "tok-tenant-b", Stack.SERVICE_TOKEN)) {
      String[] args = java.util.Arrays.copyOf(request, request.length + 1);
      args[request.length] = token;
      Stack.Run run = stack.starter(args);
      assertThat(run.exitCode()).as(token + ": " + run).isEqualTo(2);
      assertThat(run.err()).startsWith("error: ").doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(run.err().lines().count()).isEqualTo(1);
    }
    assertUnchanged(before, stack.adminState());
    assertThat(new Creations(stack.client(), Stack.TENANT)
        .describe(ImageWorkflows.workflowId(Stack.TENANT, "tok-1"))).isEmpty();
  }

  @Test
  void listShowAndUnlockSpeakJson() {
    stack = Stack.start(dir, 0.05);
    Stack.Run created = stack.create("json-1", "web-json", "--wait", "--json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    String imageId = created.json().path("result").path("image_id").asText();

    Stack.Run list = stack.user("list", "--json");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.json().path("source").asText()).isEqualTo("cloud");
    assertThat(list.json().path("images").findValuesAsText("image_id")).contains(imageId);

    Stack.Run show = stack.user("show", "json-1", "--json");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.json().path("image").path("id").asText()).isEqualTo(imageId);
    assertThat(show.json().path("creation").path("status").asText()).isEqualTo("COMPLETED");

    // A lock stranded as if a creation had been terminated: only the admin can clear it.
    new HttpCloudClient(URI.create(stack.emulator.baseUrl()), Stack.SERVICE_TOKEN)
        .lockServer(Stack.TENANT, Stack.SERVER, "img-stranded", "stranded-lock");
    Stack.Run withoutForce = stack.starter("unlock", Stack.SERVER, "--admin-token", Stack.ADMIN_TOKEN,
        "--cloud-url", stack.emulator.baseUrl());
    assertThat(withoutForce.exitCode()).isEqualTo(2);
    assertThat(stack.cloud.server(Stack.SERVER).path("lock_holder").asText()).isEqualTo("img-stranded");
    Stack.Run unlock = stack.starter("unlock", "--force", Stack.SERVER, "--admin-token", Stack.ADMIN_TOKEN,
        "--cloud-url", stack.emulator.baseUrl(), "--json");
    assertThat(unlock.exitCode()).as(unlock.toString()).isZero();
    assertThat(unlock.json().path("unlocked").asBoolean()).isTrue();
    assertUnlocked(stack.cloud, Stack.SERVER);
  }

  @Test
  void createWarnsWhenNoWorkerPollsOnlyWhereTheServerCanTell() {
    stack = Stack.startWithoutWorker(dir, 0.05);
    // The in-process test server does not implement DescribeTaskQueue: no false warning then.
    Stack.Run run = stack.create("nowork-1", "web-nowork");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).doesNotContain("warning");
    assertThat(run.out()).contains("follow it with: fullecs watch");
  }

  private void awaitPendingSnapshots(String workflowId) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      List<PendingActivityInfo> pending = stack.client().newUntypedWorkflowStub(workflowId).describe()
          .getRawDescription().getPendingActivitiesList();
      // started: held by the worker's task watcher (its first heartbeat comes 20 s later)
      return pending.stream().filter(p -> p.getActivityType().getName().equals("AwaitSnapshot")
          && p.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED).count() == 3;
    });
  }
}
