package dev.fullecs.emulator.http;

import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.tenant.Caller;

/**
 * How a surface learns who calls: it checks the credential a request carries against the
 * inventory, finds the tenant the request acts for, and refuses (an {@link ApiException}, or a
 * {@code Refusal} answered as the route's surface maps it) what the route's {@link Access} does not allow.
 */
@FunctionalInterface
public interface Authentication {
  /** The caller, with the tenant it acts for; {@link Caller#ANONYMOUS} for {@link Access#NONE}. */
  Caller authenticate(Route route, Request request, Store store);

  /** The emulator's own scheme: {@code X-Auth-Token}, the tenant taken from the path's {@code {tenant}}. */
  Authentication TOKEN = TokenAuthentication::authenticate;
}
