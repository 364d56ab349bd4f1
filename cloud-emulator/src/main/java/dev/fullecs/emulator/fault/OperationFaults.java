package dev.fullecs.emulator.fault;

/** Fault probabilities (0..1) and delays for one operation. All zero by default. */
public class OperationFaults {
  public double p429;
  public double p500;
  public double p503;
  /** Added to every request of the operation before it is served. */
  public long delayMs;
  /** The request is held {@code hangMs} and the connection closed without an answer; nothing changes. */
  public double pHang;
  public long hangMs = 60_000;
  /** The change is committed, then the connection is closed without an answer. */
  public double pLostResponse;
  /** {@code create_snapshot}/{@code create_backup} only: the created task ends in status {@code error}. */
  public double pTaskError;
  /**
   * A lasting refusal: when set (400-599), every request of the operation is answered with this
   * status and {@link #refuseCode} until the fault is lifted; nothing changes. Transient faults and
   * the delay come first, as on a real cloud that is both busy and refusing.
   */
  public int refuseStatus;
  /** The {@code error_code} of a refusal: {@code IMAGE_BUSY}, or a code of Huawei's API such as {@code IMG.0090}. */
  public String refuseCode = "REFUSED";

  /** True when every request of the operation is to be refused. */
  public boolean refuses() {
    return refuseStatus > 0;
  }

  void validate(String op) {
    for (double p : new double[] {p429, p500, p503, pHang, pLostResponse, pTaskError}) {
      if (p < 0 || p > 1) {
        throw new IllegalArgumentException("probabilities of " + op + " must be between 0 and 1");
      }
    }
    if (p429 + p500 + p503 > 1) {
      throw new IllegalArgumentException("p429 + p500 + p503 of " + op + " must not exceed 1");
    }
    if (delayMs < 0 || hangMs < 0) {
      throw new IllegalArgumentException("delay_ms and hang_ms of " + op + " must be >= 0");
    }
    if (refuseStatus != 0 && (refuseStatus < 400 || refuseStatus > 599)) {
      throw new IllegalArgumentException("refuse_status of " + op + " must be an error status (400-599), or 0 for none");
    }
    if (refuses() && (refuseCode == null || !refuseCode.matches("[A-Z][A-Za-z0-9_.]{0,63}"))) {
      throw new IllegalArgumentException("refuse_code of " + op + " must be an error code such as IMAGE_BUSY or IMG.0090");
    }
  }
}
