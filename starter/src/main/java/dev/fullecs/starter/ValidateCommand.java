package dev.fullecs.starter;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.Violation;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Dry run: list every rule a request breaks, with remedies.",
      "The same rules (F2) and codes as the creation itself. Changes nothing. Exit 0 when",
      "valid, 2 when not."
    })
final class ValidateCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin RequestOptions request;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    CreateImageRequest r = request.toRequest(session.tenant, request.requestId);
    String creationId = request.requestId == null
        ? null : ImageWorkflows.workflowId(session.tenant, RequestIds.check(request.requestId));
    List<Violation> violations = Validation.violations(session, r, creationId);
    PrintWriter out = spec.commandLine().getOut();
    if (global.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("valid", violations.isEmpty());
      m.put("violations", violations);
      out.println(Json.write(m));
    } else if (violations.isEmpty()) {
      out.println("valid: image " + r.imageName() + " can be created from "
          + (r.fromBackup() ? "backup " + r.sourceBackupId() : "ECS " + r.serverId()));
    } else {
      out.println(violations.size() + (violations.size() == 1 ? " rule is" : " rules are") + " broken:");
      Reports.violations(out, violations);
    }
    out.flush();
    return violations.isEmpty() ? ExitCodes.DONE : ExitCodes.REFUSED;
  }
}
