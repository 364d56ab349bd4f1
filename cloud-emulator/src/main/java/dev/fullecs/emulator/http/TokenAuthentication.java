package dev.fullecs.emulator.http;

import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.tenant.Caller;
import dev.fullecs.emulator.tenant.Token;
import dev.fullecs.emulator.tenant.TokenKind;

/**
 * The own API's credentials (docs/cloud-api.md): an {@code X-Auth-Token} from the inventory; a
 * tenant token acts for the tenant in the path only, the service token for any tenant, the admin
 * token on {@code /admin/} only (F22, F23).
 */
final class TokenAuthentication {
  private TokenAuthentication() {}

  static Caller authenticate(Route route, Request request, Store store) {
    if (route.access() == Access.NONE) {
      return Caller.ANONYMOUS;
    }
    String tokenValue = request.header("X-Auth-Token");
    if (tokenValue == null || tokenValue.isBlank()) {
      throw new ApiException(401, "AUTH_REQUIRED", "the X-Auth-Token header is required");
    }
    Token token = store.token(tokenValue.trim());
    if (token == null || token.revoked) {
      throw new ApiException(401, "INVALID_TOKEN", "the token is unknown or revoked");
    }
    TokenKind kind = token.tokenKind();
    if (route.access() == Access.ADMIN) {
      if (kind != TokenKind.ADMIN) {
        throw new ApiException(403, "ADMIN_TOKEN_REQUIRED", "the admin API needs the admin token");
      }
      return new Caller(kind, null);
    }
    if (kind == TokenKind.ADMIN) {
      throw new ApiException(403, "TENANT_OR_SERVICE_TOKEN_REQUIRED", "the admin token is for /admin only");
    }
    String tenant = request.params().get("tenant");
    boolean tenantExists = store.world() != null && store.world().tenant(tenant) != null;
    if (!tenantExists || kind == TokenKind.TENANT && !tenant.equals(token.tenant)) {
      throw new ApiException(404, "TENANT_NOT_FOUND", "tenant " + tenant + " not found");
    }
    if (route.access() == Access.SERVICE && kind != TokenKind.SERVICE) {
      throw new ApiException(403, "SERVICE_TOKEN_REQUIRED",
          "only the image service's credential may call " + route.operation());
    }
    return new Caller(kind, tenant);
  }
}
