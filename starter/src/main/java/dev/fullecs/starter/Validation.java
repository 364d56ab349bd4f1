package dev.fullecs.starter;

import dev.fullecs.cloud.Clouds;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.validation.CreationValidation;
import dev.fullecs.contract.Violation;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The dry run (F2): the same rules, codes and messages as the workflow's own validation, read
 * with the tenant's token, which may read everything the rules need and changes nothing.
 */
final class Validation {
  private Validation() {}

  /**
   * @param creationId the workflow id the creation would run under, or null: an earlier failed
   *     attempt of it does not hold the image name (F16)
   */
  static List<Violation> violations(Session session, CreateImageRequest request, String creationId) {
    Map<String, String> env = session.context.environment();
    ImageCloud cloud = Clouds.kind(env) == Clouds.Kind.HUAWEICLOUD
        ? Clouds.huaweiCloud(env, HttpCloudClient.WORKER_QUICK_RETRIES)
        : new EmulatorImageCloud(new HttpCloudClient(URI.create(session.cloudUrl), session.token));
    return new CreationValidation(cloud).validate(request, creationId).violations();
  }
}
