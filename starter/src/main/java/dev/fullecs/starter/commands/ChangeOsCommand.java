package dev.fullecs.starter.commands;

import dev.fullecs.cloud.Disk;
import dev.fullecs.cloud.Server;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.render.Output;
import java.util.ArrayList;
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
    name = "change-os",
    mixinStandardHelpOptions = true,
    header = "Change the OS of an ECS with a full-ECS image (F19).",
    description = "Only the system disk is written from the image; the ECS's data disks are not changed."
        + " The image must be usable in the ECS's AZ. Needs the tenant's token (an ordinary server action).")
public final class ChangeOsCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "SERVER", description = "The ECS whose OS changes.")
  String server;

  @Option(names = "--image", required = true, paramLabel = "IMAGE", description = "The full-ECS image to take the OS from.")
  String image;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    Output output = Output.of(spec, global.output, root.context);
    Server before = ImageCommands.readServer(session, server);
    ImageCommands.readImage(session, image);
    String system = null;
    List<String> data = new ArrayList<>();
    for (Disk d : before.disks()) {
      if (d.isSystem()) {
        system = d.id() + " (" + d.sizeGib() + " GiB)";
      } else {
        data.add(d.id());
      }
    }
    // F19: say what will be written before acting
    String notice = "changing the OS of ECS " + server + " with full-ECS image " + image + ": only the system disk "
        + system + " is written; " + dataDisks(data) + " not changed";
    output.notice(notice);

    Server after = session.cloud.changeOs(server, image);
    return output.show(new OsChanged(server, image, system, data, after.lastChangeOs(), after));
  }

  /** The OS changed: the system disk written, the data disks not, and the server as the cloud has it now. */
  public record OsChanged(String serverId, String imageId, String systemDiskWritten, List<String> dataDisksUnchanged,
      String lastChangeOs, Server server) implements Output.Result {}

  private static String dataDisks(List<String> data) {
    if (data.isEmpty()) {
      return "it has no data disks, so nothing else is";
    }
    return (data.size() == 1 ? "its data disk " : "its " + data.size() + " data disks ") + String.join(", ", data)
        + (data.size() == 1 ? " is" : " are");
  }
}
