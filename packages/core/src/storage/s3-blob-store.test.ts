import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createS3BlobStore } from './s3-blob-store.ts'

/**
 * No S3 service is reachable here, so these tests stop at the HTTP request the SDK would send:
 * they check the URL (endpoint, path style, prefix), the method and the body, and how answers
 * are read back. Whether a real bucket accepts them is not tested.
 */
type Seen = { method: string; url: string; body: unknown; authorization: string | undefined }

function recordingHandler(
  answer: (seen: Seen) => { statusCode: number; body?: string; headers?: Record<string, string> },
) {
  const seen: Seen[] = []
  const handler = {
    async handle(request: {
      method: string
      protocol: string
      hostname: string
      port?: number
      path: string
      body?: unknown
      headers: Record<string, string>
    }) {
      const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}`
      const entry = {
        method: request.method,
        url,
        body: request.body,
        authorization: request.headers.authorization,
      }
      seen.push(entry)
      const { statusCode, body = '', headers = {} } = answer(entry)
      return { response: { statusCode, headers, body: Readable.from([Buffer.from(body)]) } }
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  }
  return { seen, handler }
}

const credentials = { accessKeyId: 'minio', secretAccessKey: 'minio-secret' }

describe('S3 blob store (request construction only)', () => {
  it('puts, gets and deletes path-style under the prefix at a custom endpoint', async () => {
    const { seen, handler } = recordingHandler((s) =>
      s.method === 'GET'
        ? { statusCode: 200, body: 'sealed-bytes' }
        : { statusCode: s.method === 'DELETE' ? 204 : 200 },
    )
    const store = createS3BlobStore({
      bucket: 'kairan-uploads',
      region: 'us-east-1',
      endpoint: 'http://minio.local:9000',
      credentials,
      forcePathStyle: true,
      prefix: 'city/',
      requestHandler: handler as never,
    })
    await store.put('forms/t/f/u', Buffer.from('sealed-bytes'))
    expect((await store.get('forms/t/f/u'))?.toString()).toBe('sealed-bytes')
    await store.delete('forms/t/f/u')
    expect(seen.map((s) => [s.method, s.url.split('?')[0]])).toEqual([
      ['PUT', 'http://minio.local:9000/kairan-uploads/city/forms/t/f/u'],
      ['GET', 'http://minio.local:9000/kairan-uploads/city/forms/t/f/u'],
      ['DELETE', 'http://minio.local:9000/kairan-uploads/city/forms/t/f/u'],
    ])
    expect(Buffer.from(seen[0]!.body as Uint8Array).toString()).toBe('sealed-bytes')
    expect(seen[0]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=minio\//)
  })

  it('answers null for a missing object and throws other errors', async () => {
    const noSuchKey =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>'
    const denied =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>'
    const { handler } = recordingHandler((s) =>
      s.url.includes('missing')
        ? { statusCode: 404, body: noSuchKey, headers: { 'content-type': 'application/xml' } }
        : { statusCode: 403, body: denied, headers: { 'content-type': 'application/xml' } },
    )
    const store = createS3BlobStore({
      bucket: 'kairan-uploads',
      region: 'ap-northeast-1',
      credentials,
      requestHandler: handler as never,
    })
    expect(await store.get('forms/missing')).toBeNull()
    await expect(store.get('forms/secret')).rejects.toThrow(/Access Denied/)
  })

  it('uses virtual-hosted buckets on AWS and refuses unsafe keys before sending', async () => {
    const { seen, handler } = recordingHandler(() => ({ statusCode: 200 }))
    const store = createS3BlobStore({
      bucket: 'kairan-uploads',
      region: 'ap-northeast-1',
      credentials,
      requestHandler: handler as never,
    })
    await store.put('forms/a', Buffer.from('x'))
    expect(seen[0]!.url.split('?')[0]).toBe('https://kairan-uploads.s3.ap-northeast-1.amazonaws.com/forms/a')
    await expect(store.put('../a', Buffer.from('x'))).rejects.toThrow(/invalid key/)
    expect(seen).toHaveLength(1)
  })
})
