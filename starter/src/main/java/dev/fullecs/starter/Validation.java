package dev.fullecs.starter;

import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.image.CreateImageRequest;
import dev.fullecs.validation.CreationValidator;
import dev.fullecs.validation.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The dry run (F2): the same rules, codes and messages as the workflow's validation, run with the
 * tenant's token, which may read everything the rules need and changes nothing.
 */
final class Validation {
  private Validation() {}

  /** Refuses a request that lacks what every rule needs (exit 2). */
  static void requireFields(CreateImageRequest r) {
    List<String> missing = new ArrayList<>();
    if (blank(r.region())) missing.add("--region");
    if (blank(r.serverId()) && blank(r.sourceBackupId())) missing.add("--server (or --from-backup)");
    if (blank(r.vaultId())) missing.add("--vault");
    if (blank(r.imageName())) missing.add("--name");
    if (!missing.isEmpty()) {
      throw StarterException.refused("missing " + String.join(", ", missing));
    }
    if (!blank(r.serverId()) && !blank(r.sourceBackupId())) {
      throw StarterException.refused("give either --server or --from-backup, not both");
    }
  }

  static List<Violation> violations(Session session, CreateImageRequest request) {
    requireFields(request);
    return new CreationValidator(new HttpCloudClient(session.cloudUrl, session.token)).validate(request);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
