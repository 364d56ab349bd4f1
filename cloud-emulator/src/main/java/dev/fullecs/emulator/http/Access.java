package dev.fullecs.emulator.http;

/** Which credential a route needs. */
public enum Access {
  /** No token (the OpenAPI document). */
  NONE,
  /** A token of the tenant in the path, or the service token. */
  TENANT_OR_SERVICE,
  /** The image service's token only (a tenant token of that tenant gets 403). */
  SERVICE,
  /** The admin token. */
  ADMIN
}
