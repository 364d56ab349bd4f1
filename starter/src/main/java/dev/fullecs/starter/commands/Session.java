package dev.fullecs.starter.commands;

import dev.fullecs.cloud.WhoAmI;
import dev.fullecs.starter.CloudCallException;
import dev.fullecs.starter.StarterContext;
import dev.fullecs.starter.StarterException;
import dev.fullecs.starter.UserCloud;
import dev.fullecs.starter.config.GlobalOptions;
import io.temporal.client.WorkflowClient;

/**
 * A user's session: the tenant's token, checked with the cloud ({@code GET /v1/{tenant}/whoami})
 * before anything is started or changed (F23).
 */
public final class Session {
  public final StarterContext context;
  public final String tenant;
  public final String token;
  public final String cloudUrl;
  public final UserCloud cloud;

  private Session(StarterContext context, String tenant, String token, String cloudUrl) {
    this.context = context;
    this.tenant = tenant;
    this.token = token;
    this.cloudUrl = cloudUrl;
    this.cloud = new UserCloud(
        dev.fullecs.cloud.Clouds.tenantCloud(context.environment(), cloudUrl, tenant, token));
  }

  public static Session open(StarterContext context, GlobalOptions options) {
    context.temporalAt(options.address, options.namespace);
    Session session =
        new Session(
            context, options.tenant(context), options.token(context), options.cloudUrl(context));
    WhoAmI me;
    try {
      me = session.cloud.whoami();
    } catch (CloudCallException e) {
      if (e.status() == 401) {
        throw StarterException.refused(
            "the cloud at " + session.cloud.location() + " refused the token (" + e.getMessage() + ")");
      }
      if (e.status() == 403 || e.status() == 404) {
        throw StarterException.refused("the token is not a token of tenant " + session.tenant);
      }
      throw StarterException.failed("the cloud could not check the token: " + e.getMessage());
    }
    if (!session.tenant.equals(me.tenant())) {
      throw StarterException.refused("the token is not a token of tenant " + session.tenant);
    }
    if (!"tenant".equals(me.kind())) {
      throw StarterException.refused(
          "the starter acts for a user and needs the tenant's own token, not a " + me.kind() + " credential");
    }
    return session;
  }

  public WorkflowClient temporal() {
    return context.temporal();
  }
}
