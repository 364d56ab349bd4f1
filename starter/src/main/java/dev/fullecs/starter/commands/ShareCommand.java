package dev.fullecs.starter.commands;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.fullecs.cloud.Image;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.render.Output;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "share",
    mixinStandardHelpOptions = true,
    header = "Share a full-ECS image with another tenant, read-only (F21).",
    description = "That tenant can then list it and provision from it; it cannot delete, share or replicate it."
        + " Refused while the source ECS has a CSBS backup: migrate that backup to CBR first.")
public final class ShareCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "IMAGE", description = "The tenant's own full-ECS image.")
  String image;

  @Option(names = "--with", required = true, paramLabel = "TENANT", description = "The tenant to share it with.")
  String otherTenant;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    ImageCommands.requireOwn(session, ImageCommands.readImage(session, image), "share");
    Image shared = session.cloud.share(image, otherTenant);
    return Output.of(spec, global.output, root.context)
        .show(new Shared(image, shared.sharedWith(), shared, otherTenant));
  }

  /** The image shared read-only with {@code otherTenant}, as the cloud has it now. */
  public record Shared(String imageId, List<String> sharedWith, Image image, @JsonIgnore String otherTenant)
      implements Output.Result {}
}
