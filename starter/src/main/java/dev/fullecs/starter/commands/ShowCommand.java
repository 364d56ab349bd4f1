package dev.fullecs.starter.commands;

import dev.fullecs.cloud.Image;
import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.SearchAttributes;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.Reports;
import dev.fullecs.starter.StarterException;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.render.Output;
import dev.fullecs.starter.temporal.Creations;
import dev.fullecs.starter.temporal.ImageUses;
import dev.fullecs.starter.temporal.RequestKind;
import dev.fullecs.workflows.provision.ProvisionRequest;
import io.temporal.client.WorkflowExecutionDescription;
import java.util.List;
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
    name = "show",
    mixinStandardHelpOptions = true,
    header = "Show an image and its creation, or a provisioning or replication.",
    description = "For an image: status, AZs, snapshots, backup, failure reason, what was retained. ID is an"
        + " image id (works after the workflow is gone: read from the image record), a workflow id (of a"
        + " creation, a provisioning or a replication) or a request id (of a creation, or with --of of a"
        + " provisioning or replication). A provisioning shows its servers, a replication its replica.")
public final class ShowCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Image id, workflow id or request id.")
  String id;

  @Option(names = "--of", paramLabel = "KIND", defaultValue = "creations",
      description = "What a request id is of: creations, provisionings or replications. Default: ${DEFAULT-VALUE}.")
  ListCommand.Kind of;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    Output output = Output.of(spec, global.output, root.context);
    Image image = Reports.tryRead(() -> session.cloud.image(id));
    if (image != null) {
      return output.show(new Shown(null, image));
    }
    RequestKind kind = ImageUses.kindOf(id).orElse(of.requestKind);
    if (kind != RequestKind.CREATION) {
      return output.show(imageUse(session, kind));
    }
    Creations creations = new Creations(session.temporal(), session.tenant);
    Optional<Creations.Found> found = creations.named(id);
    if (found.isEmpty()) {
      throw StarterException.refused("there is no image or creation " + id + " for tenant " + session.tenant);
    }
    String workflowId = found.get().workflowId();
    WorkflowExecutionDescription d = found.get().description();
    String imageId = d.getTypedSearchAttributes().get(SearchAttributes.IMAGE_ID);
    if (imageId == null && Creations.isOpen(d)) {
      imageId = creations.progress(workflowId).map(CreationProgress::imageId).orElse(null);
    }
    Retained retained = Creations.retainedOf(d);
    if (imageId == null && retained != null) {
      imageId = retained.imageId();
    }
    String finalImageId = imageId;
    image = imageId == null ? null : Reports.tryRead(() -> session.cloud.image(finalImageId));
    return output.show(new Shown(new Creation(workflowId, Creations.statusName(d.getStatus()), retained), image));
  }

  private Output.Result imageUse(Session session, RequestKind kind) {
    ImageUses uses = new ImageUses(session.temporal(), session.tenant);
    Creations.Found found = uses.named(kind, id).orElseThrow(() -> StarterException.refused(
        "there is no " + kind.noun + " " + id + " for tenant " + session.tenant));
    String workflowId = found.workflowId();
    String runId = found.description().getExecution().getRunId();
    String status = Creations.statusName(found.description().getStatus());
    if (kind == RequestKind.PROVISIONING) {
      ProvisionRequest r = uses.provisionRequest(workflowId, runId);
      return new ShownProvisioning(new Provisioning(workflowId, status, r == null ? null : r.imageId(),
          r == null ? null : r.az(), r == null ? null : r.count(), r == null ? null : r.namePrefix(),
          ProvisionCommand.servers(session, uses.servers(workflowId, runId))));
    }
    List<String> r = uses.replicationRequest(workflowId, runId);
    String replicaId = uses.replica(workflowId, runId).orElse(null);
    return new ShownReplication(new Replication(workflowId, status, r.get(1), r.get(2), replicaId,
        replicaId == null ? null : Reports.tryRead(() -> session.cloud.image(replicaId))));
  }

  /** A provisioning: what it was started for, and its servers (the workflow's view, the cloud's AZ and disks). */
  public record ShownProvisioning(Provisioning provisioning) implements Output.Result {}

  public record Provisioning(String workflowId, String status, String imageId, String az, Integer count, String namePrefix,
      List<ProvisionCommand.Server> servers) {}

  /** A replication: what it was started for, and its replica as the cloud has it (once the cloud accepted it). */
  public record ShownReplication(Replication replication) implements Output.Result {}

  public record Replication(String workflowId, String status, String imageId, String region, String replicaId,
      Image replica) {}

  /** An image, and the creation it was named by (null when named by its image id). */
  public record Shown(Creation creation, Image image) implements Output.Result {}

  public record Creation(String workflowId, String status, Retained retained) {}
}
