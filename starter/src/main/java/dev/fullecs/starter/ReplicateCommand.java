package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "replicate",
    mixinStandardHelpOptions = true,
    description = {
      "Copy a region-wide NORMAL full-ECS image to another region (F20), as a workflow: the copy",
      "takes long. Only to the region pairs the cloud allows; never within the image's region,",
      "and a replica cannot be replicated again (the cloud's reasons, exit 2). The same",
      "--request-id again returns the same replication."
    })
final class ReplicateCommand implements Callable<Integer> {
  /** How long to wait, without --wait, for the cloud to accept or refuse the replication. */
  private static final Duration ACCEPT_WAIT = Duration.ofSeconds(60);

  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "IMAGE", description = "The tenant's own full-ECS image.")
  String image;

  @Option(names = "--region", required = true, paramLabel = "REGION", description = "The target region.")
  String region;

  @Option(names = "--request-id", paramLabel = "ID", description = "Client request id (F16). Default: a new UUID.")
  String requestId;

  @Option(names = "--wait", description = "Follow it until the replica is NORMAL.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "24h",
      description = "With --wait: give up following after this long. Default: ${DEFAULT-VALUE}.")
  String timeout;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    PrintWriter out = spec.commandLine().getOut();
    Duration followFor = Durations.parse(timeout, "--timeout");
    String id = RequestIds.orNew(requestId);
    JsonNode img = ImageCommands.readImage(session, image);
    ImageCommands.requireOwn(session, img, "replicate");
    ImageUses uses = new ImageUses(session.temporal(), session.tenant);
    ImageUses.Run run = uses.startReplicate(image, img.path("name").asText(null), region, id);
    String workflowId = run.workflowId();
    if (!global.json) {
      out.println("started replication " + workflowId + " (request id " + id + "): image " + image + " to " + region);
      out.flush();
    }
    boolean[] announced = {false};
    Instant until = Instant.now().plus(wait ? followFor : ACCEPT_WAIT);
    Optional<ImageUses.Ending> end = uses.await(workflowId, run.runId(), String.class, until, root.context.refresh(), () -> {
      Optional<String> replica = uses.replicaId(workflowId);
      if (replica.isPresent() && !announced[0] && !global.json) {
        out.println("  the cloud accepted it: replica " + replica.get() + " is being copied to " + region);
        out.flush();
        announced[0] = true;
      }
      return wait || replica.isEmpty();
    });
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workflow_id", workflowId);
    m.put("request_id", id);
    m.put("image_id", image);
    m.put("region", region);
    if (end.isEmpty()) {
      if (wait) {
        throw StarterException.failed("replication " + workflowId + " did not finish within " + timeout
            + "; follow it again with: fullecs replicate " + image + " --region " + region + " --request-id " + id + " --wait");
      }
      m.put("status", "RUNNING");
      m.put("exit_code", ExitCodes.DONE);
      uses.replicaId(workflowId).ifPresent(r -> m.put("replica_id", r));
      ImageCommands.print(global, out, m, "follow it with: fullecs replicate " + image + " --region " + region
          + " --request-id " + id + " --wait");
      return ExitCodes.DONE;
    }
    ImageUses.Ending e = end.get();
    m.put("run_id", e.runId());
    m.put("status", e.status());
    m.put("exit_code", e.exitCode());
    String text;
    if (e.exitCode() == ExitCodes.DONE) {
      String replica = (String) e.result();
      JsonNode r = Reports.tryRead(() -> session.cloud.image(replica));
      m.put("replica_id", replica);
      m.put("replica", r);
      text = "replica " + replica + " of image " + image + " is NORMAL in " + region
          + (r == null ? "" : " (" + String.join(", ", azs(r)) + "), replicated from "
              + r.path("replicated_from").asText());
    } else {
      m.put("message", e.message());
      m.put("failure_type", e.failureType());
      text = (e.exitCode() == ExitCodes.REFUSED ? "refused, nothing was copied: " : "replication "
          + e.status().toLowerCase() + ": ") + e.message();
    }
    ImageCommands.print(global, out, m, text);
    return e.exitCode();
  }

  private static java.util.List<String> azs(JsonNode image) {
    java.util.List<String> azs = new java.util.ArrayList<>();
    image.path("available_azs").forEach(a -> azs.add(a.asText()));
    return azs;
  }
}
