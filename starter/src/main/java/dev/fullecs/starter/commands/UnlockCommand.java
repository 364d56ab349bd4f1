package dev.fullecs.starter.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.starter.CloudCallException;
import dev.fullecs.starter.EmulatorAdminApi;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.StarterContext;
import dev.fullecs.starter.StarterException;
import dev.fullecs.starter.config.OutputOptions;
import dev.fullecs.starter.render.Output;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "unlock",
    mixinStandardHelpOptions = true,
    header = "Admin: clear an ECS lock stranded by a terminated or reset creation.",
    description = "A cancel unlocks by itself; this is for a creation that was terminated or reset in"
        + " Temporal. Needs --force and the admin token.")
public final class UnlockCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;

  @Option(names = "--force", description = "Yes, break the lock.")
  boolean force;

  @Option(names = "--admin-token", paramLabel = "TOKEN", description = "Admin token. Default: $FULLECS_ADMIN_TOKEN.")
  String adminToken;

  @Option(names = "--cloud-url", paramLabel = "URL",
      description = "The cloud API. Default: $FULLECS_CLOUD_URL, else the emulator at "
          + StarterContext.DEFAULT_CLOUD_HOST_PORT + " (http).")
  String cloudUrl;

  @Mixin OutputOptions output;

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
    return Output.of(spec, output, context).show(new Unlocked(server, true, answer));
  }

  /** The server unlocked, and the cloud's answer. */
  public record Unlocked(String serverId, boolean unlocked, JsonNode cloud) implements Output.Result {}
}
