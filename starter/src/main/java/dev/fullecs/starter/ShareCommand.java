package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "share",
    mixinStandardHelpOptions = true,
    description = {
      "Share a full-ECS image with another tenant, read-only (F21).",
      "That tenant can then list it and provision from it; it cannot delete, share or replicate it.",
      "Refused while the source ECS has a CSBS backup: migrate that backup to CBR first."
    })
final class ShareCommand implements Callable<Integer> {
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
    JsonNode shared = session.cloud.share(image, otherTenant);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image_id", image);
    m.put("shared_with", shared.path("shared_with"));
    m.put("image", shared);
    ImageCommands.print(global, spec.commandLine().getOut(), m, "image " + image + " is shared with " + otherTenant
        + ", read-only: it can list the image and provision from it, not delete, share or replicate it");
    return ExitCodes.DONE;
  }
}
