package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.Violation;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.StepTiming;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How the starter tells people (text) and programs (JSON) what happened. */
final class Reports {
  private Reports() {}

  static void violations(PrintWriter out, List<Violation> violations) {
    for (Violation v : violations) {
      out.println("  " + v.code() + ": " + v.message());
      if (v.remedy() != null && !v.remedy().isBlank()) {
        out.println("      remedy: " + v.remedy());
      }
    }
  }

  /**
   * A refused request (F2, F3) as JSON: the same shape whether the starter caught it before it
   * started anything or the workflow did (its validation, or a lost lock race). {@code workflowId}
   * is the creation's id for that request id, started or not.
   */
  static Map<String, Object> refusal(String workflowId, List<Violation> violations) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workflow_id", workflowId);
    m.put("status", Outcome.REFUSED);
    m.put("exit_code", ExitCodes.REFUSED);
    m.put("violations", violations);
    return m;
  }

  /** A refused request as text, the same wherever it was caught. */
  static void refusalText(PrintWriter out, List<Violation> violations) {
    out.println("refused: " + violations.size() + (violations.size() == 1 ? " rule is" : " rules are")
        + " broken, nothing was changed:");
    violations(out, violations);
  }

  /** The outcome as JSON fields, with the image and server as the cloud has them now. */
  static Map<String, Object> outcome(Session session, Outcome o, String serverId) {
    if (Outcome.REFUSED.equals(o.status())) {
      return refusal(o.workflowId(), o.violations());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workflow_id", o.workflowId());
    m.put("run_id", o.runId());
    m.put("status", o.status());
    m.put("exit_code", o.exitCode());
    m.put("message", o.message());
    if (o.failureType() != null) {
      m.put("failure_type", o.failureType());
    }
    if (!o.violations().isEmpty()) {
      m.put("violations", o.violations());
    }
    CreationResult r = o.result();
    String imageId = r != null ? r.imageId() : o.retained() != null ? o.retained().imageId() : null;
    if (r != null) {
      m.put("result", r);
      m.put("seconds_per_step", secondsPerStep(r.timings()));
    }
    if (o.retained() != null) {
      m.put("retained", o.retained());
    }
    if (imageId != null) {
      m.put("image", tryRead(() -> session.cloud.image(imageId)));
    }
    String server = r != null && r.serverId() != null ? r.serverId() : serverId;
    if (server != null) {
      JsonNode s = tryRead(() -> session.cloud.server(server));
      if (s != null) {
        Map<String, Object> lock = new LinkedHashMap<>();
        lock.put("server_id", server);
        lock.put("lock_holder", s.path("lock_holder").isNull() ? null : s.path("lock_holder").asText(null));
        lock.put("locked", !s.path("lock_holder").isNull() && !s.path("lock_holder").isMissingNode());
        m.put("server", lock);
      }
    }
    return m;
  }

  static void outcomeText(PrintWriter out, Session session, Outcome o, String serverId) {
    CreationResult r = o.result();
    switch (o.status()) {
      case "COMPLETED":
        out.println("image " + r.imageId() + " is " + r.imageStatus() + " in " + String.join(", ", r.availableAzs()));
        out.println("  snapshots:   " + String.join(", ", r.snapshotIds()));
        out.println("  backup:      " + (r.backupId() == null ? "-" : r.backupId()));
        break;
      case "CANCELED":
        out.println("creation " + o.workflowId() + " was cancelled");
        break;
      case Outcome.REFUSED:
        refusalText(out, o.violations());
        return;
      default:
        out.println("creation " + o.workflowId() + " " + o.status().toLowerCase(Locale.ROOT)
            + (o.failureType() == null ? "" : " (" + o.failureType() + ")") + ": " + o.message());
        violations(out, o.violations());
    }
    if (o.retained() != null) {
      JsonNode image = tryRead(() -> session.cloud.image(o.retained().imageId()));
      out.println("  image:       " + o.retained().imageId() + " "
          + (image == null ? o.retained().imageStatus() : image.path("status").asText()));
      out.println("  retained:    " + o.retained().describe());
    }
    String server = r != null && r.serverId() != null ? r.serverId() : serverId;
    if (server != null) {
      JsonNode s = tryRead(() -> session.cloud.server(server));
      if (s != null) {
        String holder = s.path("lock_holder").isNull() ? null : s.path("lock_holder").asText(null);
        out.println("  ECS:         " + server + (holder == null ? " unlocked" : " LOCKED by " + holder));
      }
    }
    if (r != null) {
      out.println("  seconds per step: " + secondsPerStepText(r.timings()));
    }
  }

  static Map<String, Double> secondsPerStep(List<StepTiming> timings) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (timings != null) {
      for (StepTiming t : timings) {
        m.put(t.step(), Math.round(t.durationMillis() / 100.0) / 10.0);
      }
    }
    return m;
  }

  static String secondsPerStepText(List<StepTiming> timings) {
    List<String> parts = new ArrayList<>();
    secondsPerStep(timings).forEach((step, s) -> parts.add(step + " " + String.format(Locale.ROOT, "%.1f", s)));
    return String.join(", ", parts);
  }

  static Retained retainedOrNull(Outcome o) {
    return o.retained();
  }

  interface Read {
    JsonNode get();
  }

  static JsonNode tryRead(Read read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
