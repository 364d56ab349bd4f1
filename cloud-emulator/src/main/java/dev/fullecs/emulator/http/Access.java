package dev.fullecs.emulator.http;

/**
 * Which credential a route needs. It also says whose the route is: the cloud's operations get
 * the faults and honour idempotency keys; the operator's routes (the admin API, the document)
 * stand outside the emulated cloud and get neither.
 */
public enum Access {
  /** No token (the OpenAPI document). */
  NONE(false),
  /** A token of the tenant in the path, or the service token. */
  TENANT_OR_SERVICE(true),
  /** The image service's token only (a tenant token of that tenant gets 403). */
  SERVICE(true),
  /** The admin token. */
  ADMIN(false);

  private final boolean cloud;

  Access(boolean cloud) {
    this.cloud = cloud;
  }

  /** True for the cloud's own operations: faults apply, idempotency keys are honoured. */
  public boolean cloud() {
    return cloud;
  }
}
