package dev.fullecs.cloud.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.ResourceFilter;
import dev.fullecs.cloud.Server;
import dev.fullecs.cloud.Vault;
import dev.fullecs.cloud.huaweicloud.HuaweiImageCloud;
import dev.fullecs.cloud.huaweicloud.HuaweiSettings;
import dev.fullecs.cloud.huaweicloud.HuaweiSettingsLoader;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The live smoke test against a <b>real</b> Huawei Cloud account (docs/huaweicloud.md, "The live smoke
 * test"). It runs only when the account is configured as the worker reads it (the SDK's
 * {@code HUAWEICLOUD_SDK_AK}/{@code _SK}/{@code _PROJECT_ID}, or {@code HUAWEICLOUD_SDK_CREDENTIALS_FILE})
 * and {@code FULLECS_HUAWEICLOUD_LIVE_SERVER} and {@code FULLECS_HUAWEICLOUD_LIVE_VAULT} name a server
 * and a CBR server-backup vault of that project. Without them it is aborted by a JUnit assumption: the
 * build counts it as <b>skipped</b> and prints {@code HuaweiLiveSmokeTest NOT RUN: ...}; it has then
 * proved nothing about the real cloud, and a report must say "not run".
 *
 * <p>No {@code FULLECS_HUAWEICLOUD_ENDPOINT} is allowed here (that would be the emulator, which the
 * contract suite covers). Reads only, plus the Nova lock and unlock of the named server (free of
 * charge, undone at the end). The whole creation (a CBR backup and an IMS image, both billed) is not
 * part of it.
 */
class HuaweiLiveSmokeTest {

  @Test
  void theRealAccountAnswersEachReadAndTheNovaLock() {
    Map<String, String> env = System.getenv();
    String server = env.get("FULLECS_HUAWEICLOUD_LIVE_SERVER");
    String vault = env.get("FULLECS_HUAWEICLOUD_LIVE_VAULT");
    HuaweiSettings settings = null;
    String why = null;
    if (env.containsKey("FULLECS_HUAWEICLOUD_ENDPOINT")) {
      why = "FULLECS_HUAWEICLOUD_ENDPOINT is set (that is not the real cloud)";
    } else if (server == null || vault == null) {
      why = "FULLECS_HUAWEICLOUD_LIVE_SERVER and FULLECS_HUAWEICLOUD_LIVE_VAULT are not both set";
    } else {
      try {
        settings = HuaweiSettingsLoader.fromEnvironment(env, 0);
        if (settings.credentials().isEmpty()) {
          why = "no Huawei Cloud credentials";
        }
      } catch (RuntimeException e) {
        why = "no usable Huawei Cloud credentials: " + e.getMessage();
      }
    }
    if (why != null) {
      System.err.println("HuaweiLiveSmokeTest NOT RUN: " + why);
    }
    Assumptions.assumeTrue(why == null, "NOT RUN against a real Huawei Cloud account: " + why);

    String tenant = settings.credentials().keySet().iterator().next();
    HuaweiImageCloud cloud = new HuaweiImageCloud(settings);

    Server s = cloud.server(tenant, server);
    assertThat(s.id()).isEqualTo(server);
    assertThat(s.disks()).as("ListServerBlockDevices + ShowVolume").isNotEmpty();
    Vault v = cloud.vault(tenant, vault);
    assertThat(v.id()).isEqualTo(vault);
    List<Image> none = cloud.images(tenant, ResourceFilter.all().withName("fullecs-smoke-" + UUID.randomUUID()));
    assertThat(none).as("IMS ListImages by a name nobody has").isEmpty();

    boolean wasLocked = s.lockHolder() != null;
    Assumptions.assumeFalse(wasLocked, "NOT RUN (lock part): the server is locked already; not touching it");
    String key = "smoke-" + UUID.randomUUID();
    cloud.lockServer(tenant, server, "smoke", key + "-lock");
    try {
      assertThat(cloud.server(tenant, server).lockHolder()).as("the Nova lock reads back").isNotNull();
    } finally {
      cloud.unlockServer(tenant, server, "smoke", key + "-unlock");
    }
    assertThat(cloud.server(tenant, server).lockHolder()).as("unlocked again").isNull();
  }
}
