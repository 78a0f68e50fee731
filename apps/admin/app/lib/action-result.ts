/** What a failed action returns to its form: a message key, its parameters, per-field keys. */
export type ActionError = {
  ok: false
  /** The HTTP status of the refusal (400 invalid, 403, 404, 409 conflict, 429 too many attempts). */
  status: number
  key: string
  params?: Record<string, unknown>
  fields?: Record<string, string>
}

export function isActionError(value: unknown): value is ActionError {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false
}
