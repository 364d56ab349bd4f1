package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.SearchAttributes;
import io.temporal.client.WorkflowExecutionDescription;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    description = {
      "Show an image and its creation.",
      "Status, AZs, snapshots, backup, failure reason, what was retained. ID is an image id",
      "(works after the workflow is gone: read from the image record), a workflow id or a",
      "request id."
    })
final class ShowCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Image id, workflow id or request id.")
  String id;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    PrintWriter out = spec.commandLine().getOut();
    JsonNode image = Reports.tryRead(() -> session.cloud.image(id));
    Map<String, Object> creation = null;
    if (image == null) {
      Creations creations = new Creations(session.temporal(), session.tenant);
      Optional<Creations.Found> found = creations.named(id);
      if (found.isEmpty()) {
        throw StarterException.refused("there is no image or creation " + id + " for tenant " + session.tenant);
      }
      String workflowId = found.get().workflowId();
      Optional<WorkflowExecutionDescription> d = Optional.of(found.get().description());
      creation = new LinkedHashMap<>();
      creation.put("workflow_id", workflowId);
      creation.put("status", Creations.statusName(d.get().getStatus()));
      String imageId = d.get().getTypedSearchAttributes().get(SearchAttributes.IMAGE_ID);
      if (imageId == null && Creations.isOpen(d.get())) {
        imageId = creations.progress(workflowId).map(CreationProgress::imageId).orElse(null);
      }
      Retained retained = Creations.retainedOf(d.get());
      if (imageId == null && retained != null) {
        imageId = retained.imageId();
      }
      if (retained != null) {
        creation.put("retained", retained);
      }
      String finalImageId = imageId;
      image = imageId == null ? null : Reports.tryRead(() -> session.cloud.image(finalImageId));
    }
    if (global.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (creation != null) {
        m.put("creation", creation);
      }
      m.put("image", image);
      out.println(Json.write(m));
    } else {
      if (creation != null) {
        out.println("creation " + creation.get("workflow_id") + ": " + creation.get("status"));
      }
      if (image == null) {
        out.println("no image record yet");
      } else {
        printImage(out, image);
      }
    }
    out.flush();
    return ExitCodes.DONE;
  }

  static void printImage(PrintWriter out, JsonNode image) {
    out.println("image " + image.path("id").asText() + " (" + image.path("name").asText() + "): "
        + image.path("status").asText());
    line(out, "available in", join(image.path("available_azs")));
    line(out, "region", image.path("region").asText(null));
    line(out, "source ECS", image.path("source_server_id").asText(null));
    line(out, "source backup", image.path("source_backup_id").asText(null));
    line(out, "vault", image.path("vault_id").asText(null));
    line(out, "snapshots", join(image.path("snapshot_ids")));
    line(out, "backup", image.path("backup_id").asText(null));
    line(out, "failure", image.path("failure_reason").asText(null));
    line(out, "retained", image.path("retained_note").asText(null));
    line(out, "created", image.path("created_at").asText(null));
    line(out, "updated", image.path("updated_at").asText(null));
  }

  private static void line(PrintWriter out, String label, String value) {
    if (value != null && !value.isEmpty() && !"null".equals(value)) {
      out.println(String.format("  %-14s %s", label + ":", value));
    }
  }

  private static String join(JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(n -> items.add(n.asText()));
    return String.join(", ", items);
  }
}
