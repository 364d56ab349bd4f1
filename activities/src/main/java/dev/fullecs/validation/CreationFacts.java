package dev.fullecs.validation;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.Region;
import dev.fullecs.cloud.Server;
import dev.fullecs.cloud.TenantSettings;
import dev.fullecs.cloud.Vault;
import java.util.List;

/**
 * What the cloud says about a request's resources, read with the tenant's view (another tenant's
 * resources are absent, F22).
 *
 * @param server the source ECS, or for a backup source (F17) the ECS the backup was taken from;
 *     null if it does not exist
 * @param vault the request's vault, or null
 * @param images the tenant's images (and those shared with it), every status
 * @param backup the source backup (F17), or null
 */
public record CreationFacts(
    Server server,
    Vault vault,
    TenantSettings settings,
    List<Region> regions,
    List<Image> images,
    Backup backup) {

  public CreationFacts {
    settings = settings == null ? new TenantSettings(null, null, null) : settings;
    regions = regions == null ? List.of() : List.copyOf(regions);
    images = images == null ? List.of() : List.copyOf(images);
  }
}
