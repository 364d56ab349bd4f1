package dev.fullecs.starter;

import dev.fullecs.contract.ImageWorkflows;
import picocli.CommandLine.Option;

/** Who the user is and where the cloud is; mixed into every command that acts for a tenant. */
public final class GlobalOptions {
  @Option(
      names = "--tenant",
      paramLabel = "TENANT",
      description = "The tenant (project) to act for. Default: $FULLECS_TENANT.")
  String tenant;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "The tenant's token, checked with the cloud first. Default: $FULLECS_TOKEN.")
  String token;

  @Option(
      names = "--cloud-url",
      paramLabel = "URL",
      description = "The cloud API. Default: $FULLECS_CLOUD_URL or " + StarterContext.DEFAULT_CLOUD_URL + ".")
  String cloudUrl;

  @Option(names = "--json", description = "Print one JSON document instead of text.")
  boolean json;

  String cloudUrl(StarterContext context) {
    if (cloudUrl != null) {
      return cloudUrl;
    }
    String fromEnv = context.env("FULLECS_CLOUD_URL");
    return fromEnv != null ? fromEnv : StarterContext.DEFAULT_CLOUD_URL;
  }

  String tenant(StarterContext context) {
    String t = tenant != null ? tenant : context.env("FULLECS_TENANT");
    if (t == null || t.isBlank()) {
      throw StarterException.refused("no tenant: pass --tenant or set FULLECS_TENANT");
    }
    t = t.trim();
    if (!ImageWorkflows.isValidTenant(t)) {
      // F22: a tenant is part of every workflow id; one with ':' would make them ambiguous
      String what = t.length() > 64 ? "it has " + t.length() + " characters" : "it contains other characters";
      throw StarterException.refused("tenant is invalid (" + what + "): use " + ImageWorkflows.TENANT_RULE);
    }
    return t;
  }

  /** The tenant's token for the emulator; with FULLECS_CLOUD=huaweicloud the project's AK/SK stand for it. */
  String token(StarterContext context) {
    String t = token != null ? token : context.env("FULLECS_TOKEN");
    if ((t == null || t.isBlank()) && dev.fullecs.cloud.Clouds.kind(context.environment())
        == dev.fullecs.cloud.Clouds.Kind.HUAWEICLOUD) {
      return "";
    }
    if (t == null || t.isBlank()) {
      throw StarterException.refused("no token: pass --token or set FULLECS_TOKEN");
    }
    return t.trim();
  }
}
