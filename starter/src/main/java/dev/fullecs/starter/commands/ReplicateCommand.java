package dev.fullecs.starter.commands;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "replicate",
    mixinStandardHelpOptions = true,
    header = "Copy a full-ECS image to another region (F20).",
    description = "The image must be NORMAL region-wide; the copy runs as a workflow, since it takes long. Only"
        + " to the region pairs the cloud allows; never within the image's region, and a replica cannot be"
        + " replicated again (the cloud's reasons, exit 2). The same --request-id again returns the same"
        + " replication.")
public final class ReplicateCommand implements Callable<Integer> {
  /** How long to wait, without --wait, for the cloud to accept or refuse the replication. */
  private static final Duration ACCEPT_WAIT = Duration.ofSeconds(60);

  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "IMAGE", description = "The tenant's own full-ECS image.")
  String image;

  @Option(names = "--region", required = true, paramLabel = "REGION", description = "The target region.")
  String region;

  @Option(names = "--request-id", paramLabel = "ID", converter = Converters.RequestIdConverter.class,
      description = "Client request id (F16). Default: a new UUID.")
  String requestId;

  @Option(names = "--wait", description = "Follow it until the replica is NORMAL.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "24h",
      converter = Converters.DurationConverter.class,
      description = "With --wait: give up following after this long. Default: ${DEFAULT-VALUE}.")
  Converters.DurationArg timeout;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    Output output = Output.of(spec, global.output, root.context);
    Duration followFor = timeout.value();
    String id = RequestIds.orNew(requestId);
    Image img = ImageCommands.readImage(session, image);
    ImageCommands.requireOwn(session, img, "replicate");
    ImageUses uses = new ImageUses(session.temporal(), session.tenant);
    ImageUses.Run run = uses.startReplicate(image, img.name(), region, id);
    String workflowId = run.workflowId();
    output.progress("started replication " + workflowId + " (request id " + id + "): image " + image + " to " + region);
    boolean[] announced = {false};
    Instant until = Instant.now().plus(wait ? followFor : ACCEPT_WAIT);
    Optional<ImageUses.Ending> end = uses.await(workflowId, run.runId(), String.class, until, root.context.refresh(), () -> {
      Optional<String> replica = uses.replicaId(workflowId);
      if (replica.isPresent() && !announced[0]) {
        output.progress("  the cloud accepted it: replica " + replica.get() + " is being copied to " + region);
        announced[0] = true;
      }
      return wait || replica.isEmpty();
    });
    if (end.isEmpty()) {
      if (wait) {
        throw StarterException.failed("replication " + workflowId + " did not finish within " + timeout
            + "; follow it again with: fullecs replicate " + image + " --region " + region + " --request-id " + id + " --wait");
      }
      return output.show(new Replication(workflowId, id, image, region, null, "RUNNING", ExitCodes.DONE,
          uses.replicaId(workflowId).orElse(null), null, null, null));
    }
    return output.show(ended(session, end.get(), id, image, region));
  }

  /** How the replication of {@code image} to {@code region} ended, with the replica as the cloud has it now. */
  public static Replication ended(Session session, ImageUses.Ending e, String requestId, String image, String region) {
    if (e.exitCode() != ExitCodes.DONE) {
      return new Replication(e.workflowId(), requestId, image, region, e.runId(), e.status(), e.exitCode(), null, null,
          e.message(), e.failureType());
    }
    String replica = (String) e.result();
    return new Replication(e.workflowId(), requestId, image, region, e.runId(), e.status(), e.exitCode(), replica,
        Reports.tryRead(() -> session.cloud.image(replica)), null, null);
  }

  /** A replication: running (no run id yet here), or how it ended, with the replica as the cloud has it. */
  public record Replication(String workflowId, String requestId, String imageId, String region, String runId, String status,
      int exitCode, String replicaId, Image replica, String message, String failureType) implements Output.Result {}
}
