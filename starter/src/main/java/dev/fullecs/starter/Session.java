package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;

/**
 * A user's session: the tenant's token, checked with the cloud ({@code GET /v1/{tenant}/whoami})
 * before anything is started or changed (F23).
 */
final class Session {
  final StarterContext context;
  final String tenant;
  final String token;
  final String cloudUrl;
  final StarterCloud cloud;

  private Session(StarterContext context, String tenant, String token, String cloudUrl) {
    this.context = context;
    this.tenant = tenant;
    this.token = token;
    this.cloudUrl = cloudUrl;
    this.cloud = new StarterCloud(
        dev.fullecs.cloud.Clouds.tenantCloud(context.environment(), cloudUrl, tenant, token));
  }

  static Session open(StarterContext context, GlobalOptions options) {
    Session session =
        new Session(
            context, options.tenant(context), options.token(context), options.cloudUrl(context));
    JsonNode me;
    try {
      me = session.cloud.whoami();
    } catch (CloudCallException e) {
      if (e.status() == 401) {
        throw StarterException.refused(
            "the cloud at " + session.cloud.baseUrl() + " refused the token (" + e.getMessage() + ")");
      }
      if (e.status() == 403 || e.status() == 404) {
        throw StarterException.refused("the token is not a token of tenant " + session.tenant);
      }
      throw StarterException.failed("the cloud could not check the token: " + e.getMessage());
    }
    if (!session.tenant.equals(me.path("tenant").asText())) {
      throw StarterException.refused("the token is not a token of tenant " + session.tenant);
    }
    if (!"tenant".equals(me.path("kind").asText())) {
      throw StarterException.refused(
          "the starter acts for a user and needs the tenant's own token, not a "
              + me.path("kind").asText()
              + " credential");
    }
    return session;
  }

  WorkflowClient temporal() {
    return context.temporal();
  }
}
