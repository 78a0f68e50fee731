// Compiles, once per process, an Ajv validator for the path/query parameters and the JSON body of
// every operation of the vendored specs, and formats Ajv's errors the way LINE reports them:
// `{message: 'The request body has N error(s)', details: [{message, property: 'messages[0].text'}]}`.

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { Router } from './router.ts'
import { type JsonObject, type LoadedSpecs, loadSpecs, type OperationSpec } from './spec.ts'

export type ErrorDetail = { message: string; property: string }

export type CompiledOperation = OperationSpec & {
  /** Validates (and coerces, in place) path + query parameters; returns the first invalid name. */
  checkParams(values: Record<string, unknown>): string | null
  /** Validates a parsed JSON body. */
  checkBody(body: unknown): ErrorDetail[]
}

export type OpenApi = {
  match(method: string, path: string): { operation: CompiledOperation; params: Record<string, string> } | null
  operations: CompiledOperation[]
  /** Validates a webhook request body against `webhook.yml` `CallbackRequest`. */
  checkWebhookBody(body: unknown): ErrorDetail[]
}

// ajv-formats is CommonJS; its default export is the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function newAjv(options: { coerceTypes: boolean }, specs: LoadedSpecs): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    coerceTypes: options.coerceTypes,
    validateSchema: false,
    addUsedSchema: false,
    logger: false,
  })
  addFormats(ajv)
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647,
  })
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) })
  ajv.addFormat('double', { type: 'number', validate: () => true })
  ajv.addFormat('binary', true)
  for (const doc of specs.documents) ajv.addSchema(doc)
  return ajv
}

let cached: OpenApi | null = null

/** The compiled specs (loaded and compiled on the first call, then shared by every emulator). */
export function getOpenApi(): OpenApi {
  cached ??= compile(loadSpecs())
  return cached
}

function compile(specs: LoadedSpecs): OpenApi {
  const bodyAjv = newAjv({ coerceTypes: false }, specs)
  const paramAjv = newAjv({ coerceTypes: true }, specs)
  const router = new Router<CompiledOperation>()
  const operations: CompiledOperation[] = []
  for (const op of specs.operations) {
    if (op.spec === 'webhook') continue
    const params = op.params.filter((p) => p.in !== 'header')
    let paramValidator: ValidateFunction | null = null
    if (params.length > 0) {
      const properties: JsonObject = {}
      for (const p of params) properties[p.name] = p.schema
      paramValidator = paramAjv.compile({
        type: 'object',
        properties,
        required: params.filter((p) => p.required || p.in === 'path').map((p) => p.name),
      })
    }
    const bodyValidator = op.jsonBody ? bodyAjv.compile(op.jsonBody.schema) : null
    const compiled: CompiledOperation = {
      ...op,
      checkParams(values) {
        if (!paramValidator || paramValidator(values)) return null
        const error = paramValidator.errors?.[0]
        if (!error) return null
        if (error.keyword === 'required') return String(error.params.missingProperty)
        return error.instancePath.split('/')[1] ?? '?'
      },
      checkBody(body) {
        if (!bodyValidator || bodyValidator(body)) return []
        return formatErrors(bodyValidator.errors ?? [])
      },
    }
    operations.push(compiled)
    router.add(op.method, op.path, compiled)
  }
  const webhookValidator = bodyAjv.compile({ $ref: 'webhook#/components/schemas/CallbackRequest' })
  return {
    operations,
    match(method, path) {
      const found = router.match(method, path)
      return found ? { operation: found.value, params: found.params } : null
    },
    checkWebhookBody(body) {
      return webhookValidator(body) ? [] : formatErrors(webhookValidator.errors ?? [])
    },
  }
}

/** `/messages/0/text` → `messages[0].text` */
export function toProperty(instancePath: string, child?: string): string {
  const segments = instancePath === '' ? [] : instancePath.split('/').slice(1)
  if (child !== undefined) segments.push(child)
  let out = ''
  for (const raw of segments) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (/^\d+$/.test(segment)) out += `[${segment}]`
    else out += out === '' ? segment : `.${segment}`
  }
  return out
}

function limits(schema: JsonObject, min: string, max: string): string {
  const lo = typeof schema[min] === 'number' ? schema[min] : 0
  return typeof schema[max] === 'number' ? `between ${lo} and ${schema[max]}` : `at least ${lo}`
}

function formatErrors(errors: ErrorObject[]): ErrorDetail[] {
  const details: ErrorDetail[] = []
  const seen = new Set<string>()
  for (const e of errors) {
    let detail: ErrorDetail
    const parent = (e.parentSchema ?? {}) as JsonObject
    switch (e.keyword) {
      case 'if':
      case 'anyOf':
        continue
      case 'required':
        detail = {
          message: 'must be specified',
          property: toProperty(e.instancePath, String(e.params.missingProperty)),
        }
        break
      case 'minLength':
      case 'maxLength':
        detail = {
          message: `Length must be ${limits(parent, 'minLength', 'maxLength')}`,
          property: toProperty(e.instancePath),
        }
        break
      case 'minItems':
      case 'maxItems':
        detail = {
          message: `Size must be ${limits(parent, 'minItems', 'maxItems')}`,
          property: toProperty(e.instancePath),
        }
        break
      case 'enum':
        detail = {
          message: `must be one of the allowed values: ${(e.params.allowedValues as unknown[]).join(', ')}`,
          property: toProperty(e.instancePath),
        }
        break
      case 'format':
        detail = {
          message: e.params.format === 'uri' ? 'must be a valid URL' : `must be a valid ${e.params.format}`,
          property: toProperty(e.instancePath),
        }
        break
      default:
        detail = { message: e.message ?? 'is invalid', property: toProperty(e.instancePath) }
    }
    const key = `${detail.property}\u0000${detail.message}`
    if (seen.has(key)) continue
    seen.add(key)
    details.push(detail)
  }
  return details
}
