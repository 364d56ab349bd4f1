package dev.fullecs.cloud.contract;

import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import dev.fullecs.emulator.CloudEmulator;
import java.net.URI;

/** The port's contract on the emulator's own API, as the worker builds it (timeouts, quick retries). */
class EmulatorImageCloudTest extends ImageCloudContract {
  @Override
  protected ImageCloud connect(CloudEmulator emulator) {
    return new EmulatorImageCloud(new HttpCloudClient(URI.create(emulator.baseUrl()), "tok-image-service",
        HttpCloudClient.Timeouts.worker(), HttpCloudClient.WORKER_QUICK_RETRIES));
  }

  @Override
  protected boolean usableInAzBeforeTheBackup() {
    return true;
  }

  @Override
  protected ImageCloud connectWithWrongSecret(CloudEmulator emulator) {
    return new EmulatorImageCloud(new HttpCloudClient(URI.create(emulator.baseUrl()), WRONG_SECRET));
  }

  @Override
  protected boolean deletionBeforeTheImageIsReadBack() {
    return true;
  }
}
