package dev.fullecs.bench;

/** Names the benchmark shares between its driver and its worker. */
final class Bench {
  static final String TENANT = "tenant-a";
  static final String REGION = "cn-north-4";
  /** The vault {@code /admin/generate} grows for the servers it makes. */
  static final String VAULT = "vault-load";
  static final String SERVICE_TOKEN = "tok-image-service";
  static final String ADMIN_TOKEN = "tok-admin";

  private Bench() {}

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
