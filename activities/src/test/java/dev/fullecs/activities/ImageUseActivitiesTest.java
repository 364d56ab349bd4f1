package dev.fullecs.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import dev.fullecs.contract.FailureType;
import dev.fullecs.image.WaitOptions;
import dev.fullecs.provision.ProvisionActivities;
import dev.fullecs.provision.ProvisionActivitiesImpl;
import dev.fullecs.provision.ProvisionTarget;
import dev.fullecs.provision.ReplicationActivities;
import dev.fullecs.provision.ReplicationActivitiesImpl;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provisioning and replication activities (F18, F20) against the in-process emulator. */
class ImageUseActivitiesTest {
  static final String T = "tenant-a";
  /** NORMAL in every AZ of cn-north-4, in the default inventory. */
  static final String IMAGE = "img-existing";

  @TempDir Path dir;
  CloudEmulator emulator;
  CloudClient service;
  TestActivityEnvironment env;
  ProvisionActivities provision;
  ReplicationActivities replication;

  @BeforeEach
  void start() {
    emulator = CloudEmulator.start(EmulatorOptions.defaults().timeScale(0.01).database(dir.resolve("cloud.db")).port(0));
    service = new HttpCloudClient(URI.create(emulator.baseUrl()), "tok-image-service");
    env = TestActivityEnvironment.newInstance();
    WaitOptions fast = new WaitOptions(Duration.ofSeconds(1), 1, 5, Duration.ofMillis(50));
    env.registerActivitiesImplementations(
        new ProvisionActivitiesImpl(service, fast), new ReplicationActivitiesImpl(service, fast));
    ActivityOptions options = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1)).setHeartbeatTimeout(Duration.ofSeconds(3)).build();
    provision = env.newActivityStub(ProvisionActivities.class, options);
    replication = env.newActivityStub(ReplicationActivities.class, options);
  }

  @AfterEach
  void stop() {
    env.close();
    emulator.close();
  }

  private static ApplicationFailure failure(Runnable call) {
    ActivityFailure f = catchThrowableOfType(call::run, ActivityFailure.class);
    assertThat(f).as("the call should have failed").isNotNull();
    return (ApplicationFailure) f.getCause();
  }

  @Test
  void checkImageRefusesAnUnknownImageAndAnAzOutsideItsAvailableAzs() { // F18
    ProvisionTarget ok = provision.checkImage(T, IMAGE, "cn-north-4c");
    assertThat(ok.region()).isEqualTo("cn-north-4");
    assertThat(ok.availableAzs()).containsExactly("cn-north-4a", "cn-north-4b", "cn-north-4c");

    ApplicationFailure outside = failure(() -> provision.checkImage(T, IMAGE, "cn-east-3a"));
    assertThat(outside.getType()).isEqualTo(FailureType.VALIDATION_FAILED.name());
    assertThat(outside.isNonRetryable()).isTrue();
    assertThat(outside.getOriginalMessage()).contains("not in cn-east-3a");

    ApplicationFailure unknown = failure(() -> provision.checkImage(T, "img-nope", "cn-north-4a"));
    assertThat(unknown.getType()).isEqualTo(FailureType.VALIDATION_FAILED.name());
    assertThat(unknown.getOriginalMessage()).contains("does not exist for tenant tenant-a");
  }

  @Test
  void theSameCreateKeyMakesOneServerAndTheCleanupOfAKeyDeletesWhatItMade() { // F18, F13
    String first = provision.createServer(T, "clone-1", IMAGE, "cn-north-4b", "wf/run/server-1");
    String again = provision.createServer(T, "clone-1", IMAGE, "cn-north-4b", "wf/run/server-1");
    assertThat(again).isEqualTo(first);
    assertThat(provision.waitRunning(T, first)).isEqualTo("RUNNING");

    provision.deleteServerMadeByKey(T, "clone-1", IMAGE, "cn-north-4b", "wf/run/server-1", "wf/run/delete-1");
    assertThat(service.getServer(T, first).state()).isEqualTo("DELETED");
  }

  @Test
  void replicationRefusalsAreRefusedRequestsWithTheCloudsReasonAndAPairReplicates() { // F20
    ApplicationFailure inRegion = failure(() -> replication.requestReplica(T, IMAGE, "cn-north-4", "wf/run/replicate"));
    assertThat(inRegion.getType()).isEqualTo(FailureType.VALIDATION_FAILED.name());
    assertThat(inRegion.isNonRetryable()).isTrue();
    assertThat(inRegion.getOriginalMessage()).contains("cannot be replicated within its region")
        .doesNotContain("POST /v1");

    String replica = replication.requestReplica(T, IMAGE, "cn-east-3", "wf/run/replicate-2");
    assertThat(replication.requestReplica(T, IMAGE, "cn-east-3", "wf/run/replicate-2")).isEqualTo(replica);
    assertThat(replication.waitReplicaNormal(T, replica)).isEqualTo("NORMAL");
    ApplicationFailure twice = failure(() -> replication.requestReplica(T, replica, "cn-north-4", "wf/run/replicate-3"));
    assertThat(twice.getOriginalMessage()).contains("cannot be replicated again");
  }
}
