package dev.fullecs.starter.commands;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.Server;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.Violation;
import dev.fullecs.starter.Reports;
import dev.fullecs.starter.render.Output;
import dev.fullecs.starter.temporal.Outcome;
import java.util.List;
import java.util.Map;

/**
 * How a creation ended, with the image and the server as the cloud has them now: what {@code
 * create --wait}, {@code watch} and {@code cancel} show. A creation refused by its validation is a
 * {@link Refusal} instead.
 */
public record CreationReport(
    String workflowId,
    String runId,
    String status,
    int exitCode,
    String message,
    String failureType,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Violation> violations,
    CreationResult result,
    Map<String, Double> secondsPerStep,
    Retained retained,
    Image image,
    ServerLock server) implements Output.Result {

  /** Whether the server is locked now, and by what. */
  public record ServerLock(String serverId, String lockHolder, boolean locked) {}

  /** The report of {@code outcome}: reads the image and the server from the cloud (a read that fails leaves them out). */
  public static Output.Result of(Session session, Outcome o, String serverId) {
    if (Outcome.REFUSED.equals(o.status())) {
      return new Refusal(o.workflowId(), o.violations());
    }
    CreationResult r = o.result();
    String imageId = r != null ? r.imageId() : o.retained() != null ? o.retained().imageId() : null;
    Image image = imageId == null ? null : Reports.tryRead(() -> session.cloud.image(imageId));
    String server = r != null && r.serverId() != null ? r.serverId() : serverId;
    ServerLock lock = null;
    if (server != null) {
      Server s = Reports.tryRead(() -> session.cloud.server(server));
      if (s != null) {
        lock = new ServerLock(server, s.lockHolder(), s.lockHolder() != null);
      }
    }
    return new CreationReport(o.workflowId(), o.runId(), o.status(), o.exitCode(), o.message(), o.failureType(),
        o.violations(), r, r == null ? null : Reports.secondsPerStep(r.timings()), o.retained(), image, lock);
  }
}
