package dev.fullecs.starter.commands;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.fullecs.cloud.Disk;
import dev.fullecs.cloud.Image;
import dev.fullecs.starter.ExitCodes;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.Reports;
import dev.fullecs.starter.StarterException;
import dev.fullecs.starter.config.Converters;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.render.Output;
import dev.fullecs.starter.temporal.ImageUses;
import dev.fullecs.starter.temporal.RequestIds;
import dev.fullecs.workflows.provision.ProvisionRequest;
import dev.fullecs.workflows.provision.ProvisionResult;
import dev.fullecs.workflows.provision.ServerProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "provision",
    mixinStandardHelpOptions = true,
    header = "Provision exact clones (ECSs) from a full-ECS image.",
    description = "Each server has its system disk and every data disk restored from the image (F18). Allowed"
        + " only in the source AZ while the image is \"Available in AZ X\", in every AZ of the region once"
        + " it is NORMAL region-wide. The servers are created at once; if one fails, or on `cancel`, the"
        + " ones created are deleted. The same --request-id again returns the same provisioning.")
public final class ProvisionCommand implements Callable<Integer> {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,60}");
  /** How long to wait, without --wait, for the workflow to pass its validation. */
  private static final Duration VALIDATION_WAIT = Duration.ofSeconds(60);

  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "IMAGE", description = "The full-ECS image: the tenant's own or one shared with it.")
  String image;

  @Option(names = "--az", required = true, paramLabel = "AZ", description = "The AZ of the new servers.")
  String az;

  @Option(names = "--count", paramLabel = "N", defaultValue = "1", converter = Converters.CountConverter.class,
      description = "How many servers, 1-100. Default: ${DEFAULT-VALUE}.")
  int count;

  @Option(names = "--name", paramLabel = "PREFIX",
      description = "The servers are named PREFIX-1 to PREFIX-N. Default: the image's name.")
  String prefix;

  @Option(names = "--request-id", paramLabel = "ID", converter = Converters.RequestIdConverter.class,
      description = "Client request id (F16). Default: a new UUID.")
  String requestId;

  @Option(names = "--wait", description = "Follow it until every server is RUNNING (or it failed).")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "6h",
      converter = Converters.DurationConverter.class,
      description = "With --wait: give up following after this long. Default: ${DEFAULT-VALUE}.")
  Converters.DurationArg timeout;

  private Output output;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    output = Output.of(spec, global.output, root.context);
    Duration followFor = timeout.value();
    String id = RequestIds.orNew(requestId);
    Image img = ImageCommands.readImage(session, image);
    String namePrefix = prefix != null ? prefix : String.valueOf(img.name());
    if (!NAME.matcher(namePrefix).matches()) {
      throw StarterException.refused("server name prefix '" + namePrefix
          + "' is invalid: use 1 to 60 letters, digits, '.', '_' or '-' (--name)");
    }
    ImageUses uses = new ImageUses(session.temporal(), session.tenant);
    ImageUses.Run run = uses.startProvision(
        new ProvisionRequest(session.tenant, image, az, count, namePrefix, id), img.name());
    String workflowId = run.workflowId();
    output.progress("started provisioning " + workflowId + " (request id " + id + "): " + count
        + (count == 1 ? " ECS" : " ECSs") + " from image " + image + " in " + az
        + ", system disk and every data disk restored from the image");
    Consumer<List<ServerProgress>> show = output.provisionProgress();
    Instant until = Instant.now().plus(wait ? followFor : VALIDATION_WAIT);
    Optional<ImageUses.Ending> end = uses.await(workflowId, run.runId(), ProvisionResult.class, until,
        root.context.refresh(), () -> {
          Optional<List<ServerProgress>> progress = uses.provisionProgress(workflowId);
          progress.ifPresent(show);
          // without --wait: return once validation has passed (a server left PENDING)
          return wait || progress.map(ps -> ps.stream().allMatch(p -> "PENDING".equals(p.state()))).orElse(true);
        });
    if (end.isEmpty()) {
      return stillRunning(workflowId, id);
    }
    return output.show(report(session, end.get(), image, az));
  }

  private int stillRunning(String workflowId, String id) {
    String again = "fullecs provision " + image + " --az " + az + " --count " + count
        + (prefix != null ? " --name " + prefix : "") + " --request-id " + id + " --wait";
    if (wait) {
      throw StarterException.failed("provisioning " + workflowId + " did not finish within " + timeout
          + "; follow it again with: " + again);
    }
    return output.show(new Running(workflowId, id, "RUNNING", ExitCodes.DONE, again));
  }

  /** How the provisioning of {@code image} into {@code az} ended, with its servers as the cloud has them now. */
  public static Provisioned report(Session session, ImageUses.Ending end, String image, String az) {
    List<ServerProgress> servers = end.result() instanceof ProvisionResult r ? r.servers() : List.of();
    return new Provisioned(end.workflowId(), end.runId(), end.status(), end.exitCode(), image, az, end.message(),
        end.failureType(), servers(session, servers));
  }

  /** The servers with their AZ and disks as the cloud has them now (left out when it has them no more). */
  public static List<Server> servers(Session session, List<ServerProgress> progress) {
    List<Server> servers = new ArrayList<>();
    for (ServerProgress p : progress) {
      dev.fullecs.cloud.Server now = p.serverId() == null ? null : Reports.tryRead(() -> session.cloud.server(p.serverId()));
      servers.add(new Server(p.name(), p.serverId(), p.state(), now == null ? null : now.az(),
          now == null ? null : now.disks()));
    }
    return servers;
  }

  /** A provisioning that passed its validation and runs on; {@code followWith} is the command that follows it. */
  public record Running(String workflowId, String requestId, String status, int exitCode, @JsonIgnore String followWith)
      implements Output.Result {}

  /** How a provisioning ended, with its servers as the cloud has them now. */
  public record Provisioned(String workflowId, String runId, String status, int exitCode, String imageId, String az,
      String message, String failureType, List<Server> servers) implements Output.Result {}

  public record Server(String name, String serverId, String state, String az, List<Disk> disks) {}
}
