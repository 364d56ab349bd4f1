package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "unlock",
    mixinStandardHelpOptions = true,
    description = {
      "Admin: clear an ECS lock stranded by a terminated or reset creation.",
      "A cancel unlocks by itself; this is for a creation that was terminated or reset in",
      "Temporal. Needs --force and the admin token."
    })
final class UnlockCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;

  @Option(names = "--force", description = "Yes, break the lock.")
  boolean force;

  @Option(names = "--admin-token", paramLabel = "TOKEN", description = "Admin token. Default: $FULLECS_ADMIN_TOKEN.")
  String adminToken;

  @Option(names = "--cloud-url", paramLabel = "URL",
      description = "The cloud API. Default: $FULLECS_CLOUD_URL or " + StarterContext.DEFAULT_CLOUD_URL + ".")
  String cloudUrl;

  @Option(names = "--json", description = "Print one JSON document instead of text.")
  boolean json;

  @Parameters(paramLabel = "SERVER", description = "The ECS id.")
  String server;

  @Override
  public Integer call() {
    if (!force) {
      throw StarterException.refused("unlock breaks a creation's lock on " + server
          + "; add --force if no creation runs for it any more");
    }
    StarterContext context = root.context;
    String token = adminToken != null ? adminToken : context.env("FULLECS_ADMIN_TOKEN");
    if (token == null) {
      throw StarterException.refused("unlock needs the admin token: pass --admin-token or set FULLECS_ADMIN_TOKEN");
    }
    String url = cloudUrl != null ? cloudUrl
        : context.env("FULLECS_CLOUD_URL") != null ? context.env("FULLECS_CLOUD_URL") : StarterContext.DEFAULT_CLOUD_URL;
    JsonNode answer;
    try {
      answer = EmulatorAdminApi.forceUnlock(url, token, server);
    } catch (CloudCallException e) {
      if (e.status() == 401 || e.status() == 403) {
        throw StarterException.refused("the cloud refused the admin token (" + e.getMessage() + ")");
      }
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("server_id", server);
      m.put("unlocked", true);
      m.put("cloud", answer);
      out.println(Json.write(m));
    } else {
      out.println("server " + server + " unlocked");
    }
    out.flush();
    return ExitCodes.DONE;
  }
}
