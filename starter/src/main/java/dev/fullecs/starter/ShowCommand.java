package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.SearchAttributes;
import io.temporal.client.WorkflowExecutionDescription;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    header = "Show an image and its creation.",
    description = "Status, AZs, snapshots, backup, failure reason, what was retained. ID is an image id"
        + " (works after the workflow is gone: read from the image record), a workflow id or a request id.")
final class ShowCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Image id, workflow id or request id.")
  String id;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    Output output = Output.of(spec, global.output, root.context);
    JsonNode image = Reports.tryRead(() -> session.cloud.image(id));
    if (image != null) {
      return output.show(new Shown(null, image));
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

  /** An image, and the creation it was named by (null when named by its image id). */
  record Shown(Creation creation, JsonNode image) implements Output.Result {}

  record Creation(String workflowId, String status, Retained retained) {}
}
