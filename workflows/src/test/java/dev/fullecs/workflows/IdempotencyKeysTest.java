package dev.fullecs.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.contract.ImageWorkflows;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** F13: every key fits the cloud's 255 characters, for every valid tenant and request id. */
class IdempotencyKeysTest {
  private static final String RUN = UUID.randomUUID().toString();

  private static List<String> keysOf(IdempotencyKeys k) {
    return List.of(k.step("create-image"), k.step("unlock-ecs"), k.backup(),
        k.snapshot("vol-" + UUID.randomUUID()));
  }

  @Test
  void theLongestValidIdsMakeKeysTheCloudAccepts() {
    String wid = ImageWorkflows.workflowId("t".repeat(64), "r".repeat(128));
    assertThat(wid).hasSizeGreaterThan(200);
    assertThat(keysOf(new IdempotencyKeys(wid, RUN, false))).allSatisfy(k -> assertThat(k).hasSizeLessThanOrEqualTo(255));
  }

  @Test
  void twoLongIdsThatShareTheirStartKeepTheirOwnKeys() {
    String a = ImageWorkflows.workflowId("t".repeat(64), "r".repeat(127) + "a");
    String b = ImageWorkflows.workflowId("t".repeat(64), "r".repeat(127) + "b");
    assertThat(new IdempotencyKeys(a, RUN, false).backup()).isNotEqualTo(new IdempotencyKeys(b, RUN, false).backup());
  }

  @Test
  void ordinaryIdsAndEarlierCreationsKeepTheirKeysWhole() {
    String wid = ImageWorkflows.workflowId("tenant-a", "req-1");
    assertThat(new IdempotencyKeys(wid, RUN, false).backup()).isEqualTo(wid + "/" + RUN + "/backup");
    String long_ = ImageWorkflows.workflowId("t".repeat(64), "r".repeat(128));
    assertThat(new IdempotencyKeys(long_, RUN, true).backup()).isEqualTo(long_ + "/" + RUN + "/backup");
    assertThat(new IdempotencyKeys(long_, RUN, true).imageId())
        .isEqualTo(new IdempotencyKeys(long_, RUN, false).imageId());
  }
}
