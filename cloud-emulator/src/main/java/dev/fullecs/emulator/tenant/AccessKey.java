package dev.fullecs.emulator.tenant;

/**
 * An AK/SK pair from the inventory: the credential Huawei's API takes (requests signed with
 * {@code SDK-HMAC-SHA256}). A tenant's pair acts for its own tenant (a Huawei project) only; the
 * image service's pair acts for any tenant named in the request, as the service token does on the
 * own API (F23). The secret key never leaves the emulator: it only verifies signatures.
 */
public class AccessKey {
  /** The access key id, sent in the request's {@code Authorization} header. */
  public String ak;
  /** The secret access key the request is signed with. */
  public String sk;
  /** {@code tenant} or {@code service}. */
  public String kind;
  /** For a tenant's pair: the tenant (project) it acts for. */
  public String tenant;
  public boolean revoked;

  public TokenKind keyKind() {
    TokenKind k = TokenKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
    if (k == TokenKind.ADMIN) {
      throw new IllegalArgumentException("an access key is a tenant's or the image service's, not the admin's");
    }
    return k;
  }
}
