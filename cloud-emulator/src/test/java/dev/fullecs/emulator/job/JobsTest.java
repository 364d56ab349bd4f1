package dev.fullecs.emulator.job;

import static dev.fullecs.emulator.cloud.DomainFixture.BACKUP;
import static dev.fullecs.emulator.cloud.DomainFixture.OWNER;
import static dev.fullecs.emulator.cloud.DomainFixture.SERVICE;
import static dev.fullecs.emulator.cloud.DomainFixture.SNAPSHOT;
import static dev.fullecs.emulator.cloud.DomainFixture.TENANT;
import static dev.fullecs.emulator.cloud.DomainFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.cloud.DomainFixture;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.image.NewImage;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.timing.LoadModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's status follows from what it works on and the clock. */
class JobsTest {
  @TempDir Path dir;
  DomainFixture cloud;
  Jobs jobs;

  @BeforeEach
  void up() {
    cloud = new DomainFixture(dir);
    jobs = cloud.cloud.jobs();
  }

  @AfterEach
  void down() {
    cloud.close();
  }

  private JobState state(Job j) {
    return jobs.state(jobs.get(TENANT, j.id), cloud.store.nowMs());
  }

  private Image wholeImage() {
    Backup b = cloud.write(SERVICE,
        tx -> cloud.cloud.backups().checkpoint(tx, TENANT, "ecs-web-01", "vault-backup", "ckpt", null));
    cloud.advance(SNAPSHOT.plus(BACKUP));
    return cloud.write(SERVICE, tx -> cloud.cloud.images().createWhole(tx, TENANT,
        new NewImage("img-w1", "whole", "FULL_ECS", null, b.id, null, null, List.of(), null, null), null));
  }

  @Test
  void anImageJobIsInitWhileQueuedRunningWhileSavingAndSucceedsWhenTheImageIsUsable() {
    Image img = wholeImage();
    Job j = cloud.write(SERVICE, tx -> jobs.start(tx, TENANT, "ims", "createWholeImage", null, img.id));

    assertThat(state(j).status()).isEqualTo(JobStatus.INIT);
    cloud.advance(Duration.ofMillis(LoadModel.FIXED_WHOLE_IMAGE_QUEUE_MS));
    assertThat(state(j).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(state(j).endMs()).isNull();
    cloud.advance(BACKUP);
    JobState done = state(j);
    assertThat(done.status()).isEqualTo(JobStatus.SUCCESS);
    assertThat(done.percent()).isEqualTo(100);
    assertThat(done.endMs()).isEqualTo(cloud.store.nowMs());

    cloud.advance(Duration.ofSeconds(5));
    cloud.write(OWNER, tx -> cloud.cloud.images().delete(tx, TENANT, img.id, false));
    assertThat(state(j).status()).as("deleted after it was made: the job had succeeded").isEqualTo(JobStatus.SUCCESS);
  }

  @Test
  void anImageJobFailsWhenItsImageFailsOrIsDeletedBeforeItIsMade() {
    Image img = wholeImage();
    Job j = cloud.write(SERVICE, tx -> jobs.start(tx, TENANT, "ims", "createWholeImage", null, img.id));

    cloud.write(OWNER, tx -> cloud.cloud.images().delete(tx, TENANT, img.id, false));

    assertThat(state(j).status()).isEqualTo(JobStatus.FAIL);
    assertThat(state(j).failReason()).isEqualTo("image img-w1 was deleted before it was ready");
  }

  @Test
  void aServerJobRunsWhileTheServerIsBuildingAndSucceedsWhenItRuns() {
    Server s = cloud.write(SERVICE, tx -> cloud.cloud.servers().provision(tx, TENANT, "clone", "img-existing",
        "cn-north-4b", null));
    Job j = cloud.write(SERVICE, tx -> jobs.start(tx, TENANT, "ecs", "createServer", List.of(s.id), null));

    assertThat(state(j).status()).isEqualTo(JobStatus.RUNNING);
    cloud.advance(BACKUP);
    assertThat(state(j).status()).isEqualTo(JobStatus.SUCCESS);
    assertThat(state(j).endMs()).isEqualTo(s.readyAtMs);
  }

  @Test
  void aJobWithNothingToWaitForHasEndedAndAnotherTenantsJobIsNotFound() {
    Job j = cloud.write(SERVICE, tx -> jobs.start(tx, TENANT, "ims", "batchAddMembers", null, null));

    assertThat(state(j).status()).isEqualTo(JobStatus.SUCCESS);
    assertThat(refusal(() -> jobs.get("tenant-b", j.id)).code()).isEqualTo("JOB_NOT_FOUND");
  }
}
