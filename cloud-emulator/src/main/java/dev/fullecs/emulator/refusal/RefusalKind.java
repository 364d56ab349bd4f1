package dev.fullecs.emulator.refusal;

/** What sort of refusal it is, whatever the API a request came through. */
public enum RefusalKind {
  /** An argument is missing or malformed. */
  INVALID,
  /** Well formed, but against a rule of the cloud: a value it does not take, a combination it does not support. */
  UNACCEPTABLE,
  /** No such resource, or none the caller may see. */
  NOT_FOUND,
  /** The caller may see the resource but not do this to it, or not with this credential. */
  FORBIDDEN,
  /** The resource's state does not allow it now (locked, still running, in use, already exists). */
  CONFLICT
}
