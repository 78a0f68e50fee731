/**
 * Domain errors (CONVENTIONS C9). Each carries an i18n message key (`errors.*` in @kairan/i18n);
 * one tRPC middleware and one Remix helper map them to HTTP.
 */
export class DomainError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(key)
    this.name = new.target.name
  }
}
/** 401: no valid session. */
export class Unauthenticated extends DomainError {}
/** 403: signed in but not allowed (role, permission, IP). */
export class Forbidden extends DomainError {}
export class NotFound extends DomainError {}
/** 409: the state does not allow it (stale version, already exists…). */
export class Conflict extends DomainError {}
/** 400/422: bad input; `fields` maps a field path to its message key. */
export class Invalid extends DomainError {
  constructor(
    key: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(key)
  }
}
/** 429: too many attempts; `retryAfterSeconds` tells when to try again. */
export class TooManyAttempts extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('errors.too_many_attempts', { minutes: Math.ceil(retryAfterSeconds / 60) })
  }
}
