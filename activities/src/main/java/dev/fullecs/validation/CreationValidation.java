package dev.fullecs.validation;

import dev.fullecs.contract.Violation;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.CloudNotFoundException;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.Region;
import dev.fullecs.cloud.ResourceFilter;
import dev.fullecs.cloud.Server;
import dev.fullecs.cloud.Vault;
import dev.fullecs.ecs.SourceDisk;
import dev.fullecs.ecs.ValidatedSource;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.ImageWorkflows;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the facts a request needs from the cloud, for the request's tenant, and runs the {@link
 * CreationValidator}. Changes nothing in the cloud. Used by the workflow's validate step (with the
 * image service's credential) and by {@code starter validate} (with the tenant's token).
 *
 * <p>Resources that are missing or belong to another tenant become violations; any other cloud
 * error (throttled, unavailable, forbidden) is thrown as the {@code CloudException} it is.
 */
public final class CreationValidation {
  private final ImageCloud cloud;
  private final CreationValidator validator = new CreationValidator();

  /** On the emulator's own API (the starter's dry run with the tenant's token, tests). */
  public CreationValidation(dev.fullecs.cloud.CloudClient cloud) {
    this(new dev.fullecs.cloud.emulator.EmulatorImageCloud(cloud));
  }

  public CreationValidation(ImageCloud cloud) {
    this.cloud = cloud;
  }

  /** The outcome: every violation (empty if the request is valid) and the facts it was judged on. */
  public record Result(CreateImageRequest request, List<Violation> violations, CreationFacts facts) {

    public boolean valid() {
      return violations.isEmpty();
    }

    /** What the workflow needs next; only meaningful when {@link #valid()}. */
    public ValidatedSource source() {
      Server server = facts.server();
      List<String> azs =
          facts.regions().stream()
              .filter(r -> r.id().equals(request.region()))
              .findFirst()
              .map(Region::azs)
              .orElse(List.of());
      Backup backup = request.fromBackup() ? facts.backup() : null;
      List<SourceDisk> disks =
          server == null || backup != null
              ? List.of()
              : server.disksSystemFirst().stream()
                  .map(d -> new SourceDisk(d.id(), d.sizeGib(), d.role()))
                  .toList();
      return new ValidatedSource(
          request.region(),
          server == null ? null : server.az(),
          azs,
          server == null ? (backup == null ? null : backup.serverId()) : server.id(),
          server == null ? null : server.name(),
          disks,
          backup == null ? null : backup.id(),
          backup == null ? List.of() : backup.snapshotIds());
    }
  }

  /**
   * @param creationId the workflow id of the creation the request is for, or null; see {@link
   *     CreationValidator#validate(CreateImageRequest, CreationFacts, String)}
   */
  public Result validate(CreateImageRequest request, String creationId) {
    String tenant = request.tenant();
    if (!ImageWorkflows.isValidTenant(tenant)) {
      // Not a tenant any cloud path may name: nothing is read for it.
      CreationFacts none = new CreationFacts(null, null, null, null, null, null);
      return new Result(request, validator.validate(request, none, creationId), none);
    }
    Backup backup =
        request.fromBackup() ? orNull(() -> cloud.backup(tenant, request.sourceBackupId())) : null;
    String serverId = request.fromBackup() ? (backup == null ? null : backup.serverId()) : request.serverId();
    Server server = blank(serverId) ? null : orNull(() -> cloud.server(tenant, serverId));
    Vault vault = blank(request.vaultId()) ? null : orNull(() -> cloud.vault(tenant, request.vaultId()));
    // From a server only an image of the same name can clash (F2), so the cloud filters by name:
    // reading every image of the tenant made each validation slower as images accumulate. From a
    // backup any image may already use that backup (F17): read them all.
    List<Image> images =
        request.fromBackup() || blank(request.imageName())
            ? cloud.images(tenant, ResourceFilter.all())
            : cloud.images(tenant, ResourceFilter.all().withName(request.imageName()));
    CreationFacts facts =
        new CreationFacts(
            server, vault, cloud.settings(tenant), cloud.regions(tenant), images, backup);
    return new Result(request, validator.validate(request, facts, creationId), facts);
  }

  private static <T> T orNull(Supplier<T> read) {
    try {
      return read.get();
    } catch (CloudNotFoundException e) {
      return null;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
