// `POST /oauth2/v2.1/verify` (LINE Login): verifies a LIFF ID token issued by this emulator.

import type { EmulatorContext } from './context.ts'
import type { ApiResult } from './messaging/types.ts'

const invalid = (description: string): ApiResult => ({
  status: 400,
  body: { error: 'invalid_request', error_description: description },
})

export function verifyIdTokenRequest(emu: EmulatorContext, form: URLSearchParams): ApiResult {
  const idToken = form.get('id_token')
  const clientId = form.get('client_id')
  if (!idToken) return invalid('Required id_token.')
  if (!clientId) return invalid('Required client_id.')
  const result = emu.idTokens.verify(idToken, {
    clientId,
    nonce: form.get('nonce') ?? undefined,
    userId: form.get('user_id') ?? undefined,
  })
  return result.ok ? { status: 200, body: result.payload } : invalid(result.description)
}
