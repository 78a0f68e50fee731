import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHANNEL, type Harness, startHarness } from './test-support.ts'

let h: Harness
let userId: string

beforeAll(async () => {
  h = await startHarness()
  userId = (await h.resident('LIFF 利用者')).userId
})
afterAll(() => h.close())

const verify = (form: Record<string, string>) =>
  fetch(`${h.url}/oauth2/v2.1/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  })

const issue = async (body: Record<string, unknown> = {}) =>
  (
    await h.control('POST', `/_emulator/residents/${userId}/liff-token`, {
      channelId: CHANNEL.channelId,
      ...body,
    })
  ).body

describe('LIFF ID tokens', () => {
  it('issues a token and a LIFF URL; the token verifies like LINE', async () => {
    const { idToken, liffUrl } = await issue({ nonce: 'n-1' })
    expect(idToken.split('.')).toHaveLength(3)
    expect(liffUrl).toBe(`${CHANNEL.liff?.endpointUrl}#kairan-emulator-id-token=${idToken}`)
    const res = await verify({ id_token: idToken, client_id: '2000000002', nonce: 'n-1', user_id: userId })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const payload = (await res.json()) as { exp: number; iat: number }
    expect(payload).toEqual({
      iss: 'https://access.line.me',
      sub: userId,
      aud: '2000000002',
      exp: expect.any(Number),
      iat: expect.any(Number),
      nonce: 'n-1',
      amr: ['linesso'],
      name: 'LIFF 利用者',
    })
    expect(payload.exp - payload.iat).toBe(3600)
  })

  it('refuses a wrong client_id, an expired token, a tampered token, a wrong nonce', async () => {
    const { idToken } = await issue()
    const wrongClient = await verify({ id_token: idToken, client_id: '1999999999' })
    expect(wrongClient.status).toBe(400)
    expect(await wrongClient.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Invalid IdToken Audience.',
    })
    const expired = await issue({ expiresIn: -10 })
    const old = await verify({ id_token: expired.idToken, client_id: '2000000002' })
    expect(old.status).toBe(400)
    expect(await old.json()).toEqual({ error: 'invalid_request', error_description: 'IdToken expired.' })
    const [head, body] = idToken.split('.')
    const forged = `${head}.${body}.${Buffer.from('x'.repeat(32)).toString('base64url')}`
    expect(await (await verify({ id_token: forged, client_id: '2000000002' })).json()).toMatchObject({
      error_description: 'Invalid IdToken.',
    })
    expect(
      await (await verify({ id_token: idToken, client_id: '2000000002', nonce: 'other' })).json(),
    ).toMatchObject({
      error_description: 'Invalid IdToken Nonce.',
    })
  })

  it('maps a LIFF URL with a path to the endpoint URL, and answers CORS preflight', async () => {
    const { liffUrl, idToken } = await issue({
      url: `https://liff.line.me/${CHANNEL.liff?.liffId}/forms/1?x=2`,
    })
    expect(liffUrl).toBe(`http://127.0.0.1:9/c/demo/forms/1?x=2#kairan-emulator-id-token=${idToken}`)
    const preflight = await fetch(`${h.url}/oauth2/v2.1/verify`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:3100', 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
  })
})
