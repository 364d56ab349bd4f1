package dev.fullecs.cloud.contract;

import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.huaweicloud.HuaweiImageCloud;
import dev.fullecs.cloud.huaweicloud.HuaweiSettings;
import dev.fullecs.emulator.CloudEmulator;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The port's contract through the unmodified official Huawei Cloud SDK, pointed at the emulator's
 * Huawei API (the endpoint override), with the image service's AK/SK of the emulator's inventory for
 * the project {@code tenant-a}. On Huawei there is no image before an available backup, so F6 leaves
 * the image CREATING.
 */
class HuaweiImageCloudTest extends ImageCloudContract {
  static final String AK_SERVICE = "EMUIMAGESVC000000001";
  static final String SK_SERVICE = "emulator-secret-key-of-image-svc-0000001";

  @Override
  protected ImageCloud connect(CloudEmulator emulator) {
    return connect(emulator, SK_SERVICE);
  }

  @Override
  protected ImageCloud connectWithWrongSecret(CloudEmulator emulator) {
    return connect(emulator, WRONG_SECRET);
  }

  private static ImageCloud connect(CloudEmulator emulator, String sk) {
    return new HuaweiImageCloud(new HuaweiSettings(REGION, REGION_AZS, Optional.of(emulator.baseUrl()),
        Map.of(TENANT, new HuaweiSettings.Credential(AK_SERVICE, sk, TENANT)),
        Duration.ofMillis(50), Duration.ofSeconds(5), 3, "s6.large.2"));
  }

  @Override
  protected boolean deletionBeforeTheImageIsReadBack() {
    return false;
  }

  @Override
  protected boolean usableInAzBeforeTheBackup() {
    return false;
  }
}
