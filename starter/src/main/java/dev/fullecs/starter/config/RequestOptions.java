package dev.fullecs.starter.config;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.Tag;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Every field of a {@link CreateImageRequest} (F1), shared by {@code validate} and {@code create}. */
public final class RequestOptions {
  @Option(names = "--region", paramLabel = "REGION", description = "Region, e.g. cn-north-4.")
  public String region;

  @Option(names = "--server", paramLabel = "ECS_ID", description = "The source ECS.")
  public String server;

  @Option(
      names = "--from-backup",
      paramLabel = "BACKUP_ID",
      description = "Make the image from an existing CBR server backup instead of an ECS (F17).")
  public String fromBackup;

  @Option(names = "--vault", paramLabel = "VAULT_ID", description = "The server backup vault (CBR).")
  public String vault;

  @Option(names = "--name", paramLabel = "NAME", description = "Image name, unique in the tenant.")
  public String name;

  @Option(
      names = "--enterprise-project",
      paramLabel = "PROJECT",
      defaultValue = "default",
      description = "Enterprise project. Default: ${DEFAULT-VALUE}.")
  public String enterpriseProject;

  @Option(
      names = "--tag",
      paramLabel = "KEY=VALUE",
      converter = TagConverter.class,
      description = "An image tag; repeat for more (at most 20).")
  public List<Tag> tags = new ArrayList<>();

  @Option(names = "--description", paramLabel = "TEXT", description = "Image description.")
  public String description;

  @Option(
      names = "--accept-disclaimer",
      description = "Agree to the image disclaimer (required).")
  public boolean acceptDisclaimer;

  @Option(
      names = "--maintenance-window",
      paramLabel = "DURATION",
      description =
          "Time limit from lock to unlock: 30m, 2h, 1h30m or PT30M, 1 minute to 7 days (F12).")
  public String maintenanceWindow;

  @Option(
      names = "--request-id",
      paramLabel = "ID",
      converter = Converters.RequestIdConverter.class,
      description =
          "Client request id for idempotent submission (F16); generated when not given.")
  public String requestId;

  public CreateImageRequest toRequest(String tenant, String clientRequestId) {
    return new CreateImageRequest(
        region,
        tenant,
        server,
        fromBackup,
        vault,
        name,
        enterpriseProject,
        tags,
        description,
        acceptDisclaimer,
        maintenanceWindow,
        clientRequestId);
  }

  /** Parses {@code key=value}; the value may be empty, the key may not contain '='. */
  public static final class TagConverter implements ITypeConverter<Tag> {
    @Override
    public Tag convert(String text) {
      int eq = text.indexOf('=');
      if (eq < 0) {
        throw new TypeConversionException("a tag is KEY=VALUE, got '" + text + "'");
      }
      return new Tag(text.substring(0, eq), text.substring(eq + 1));
    }
  }
}
