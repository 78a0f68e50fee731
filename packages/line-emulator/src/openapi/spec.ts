// Loads the vendored OpenAPI documents and rewrites their schemas into plain JSON Schema that Ajv
// understands: absolute `$ref`s (one Ajv schema per document), `nullable`, and OpenAPI 3.0
// `discriminator` + `mapping` on base types whose subtypes `allOf` the base.

import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

export type JsonObject = Record<string, unknown>

export type SpecName = 'messaging-api' | 'insight' | 'manage-audience' | 'webhook'

export type ParamSpec = {
  name: string
  in: 'path' | 'query' | 'header'
  required: boolean
  schema: JsonObject
}

export type OperationSpec = {
  spec: SpecName
  operationId: string
  method: string
  /** The path template, e.g. `/v2/bot/profile/{userId}`. */
  path: string
  params: ParamSpec[]
  /** The JSON request body schema (absolute refs), when the operation takes a JSON body. */
  jsonBody: { schema: JsonObject; required: boolean } | null
  /** Content types of a non-JSON body (e.g. `*∕*` for rich menu images, multipart for files). */
  otherBodyTypes: string[]
}

export type LoadedSpecs = {
  /** One JSON Schema document per spec, `$id` = the spec name. */
  documents: JsonObject[]
  operations: OperationSpec[]
}

const SPECS: SpecName[] = ['messaging-api', 'insight', 'manage-audience', 'webhook']
const METHODS = ['get', 'put', 'post', 'delete', 'patch']
const SKIP_KEYS = new Set(['example', 'examples', 'description', 'externalDocs', 'summary'])

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

export const BASE_SUFFIX = '__base'

/** Properties LINE requires that the spec leaves optional (actions LINE rejects without them). */
const LINE_REQUIRED: Record<string, Record<string, string[]>> = {
  'messaging-api': {
    MessageAction: ['text'],
    PostbackAction: ['data'],
    URIAction: ['uri'],
    DatetimePickerAction: ['data', 'mode'],
    RichMenuSwitchAction: ['richMenuAliasId', 'data'],
  },
}

/** Reads and transforms the specs (synchronously; callers cache the result). */
export function loadSpecs(dir: URL = new URL('../../openapi/', import.meta.url)): LoadedSpecs {
  const documents: JsonObject[] = []
  const operations: OperationSpec[] = []
  for (const name of SPECS) {
    const doc = parse(readFileSync(new URL(`${name}.yml`, dir), 'utf8')) as JsonObject
    const components = (doc.components ?? {}) as JsonObject
    const schemas = transformSchemas((components.schemas ?? {}) as JsonObject, name)
    documents.push({ $id: name, components: { schemas } })
    const parameters = (components.parameters ?? {}) as JsonObject
    for (const [path, item] of Object.entries((doc.paths ?? {}) as JsonObject)) {
      if (!isObject(item)) continue
      const shared = (item.parameters ?? []) as unknown[]
      for (const method of METHODS) {
        const op = item[method]
        if (!isObject(op) || typeof op.operationId !== 'string') continue
        const params = new Map<string, ParamSpec>()
        for (const raw of [...shared, ...((op.parameters ?? []) as unknown[])]) {
          const p = resolveParameter(raw, parameters)
          if (!p) continue
          params.set(`${p.in} ${p.name}`, {
            name: p.name as string,
            in: p.in as ParamSpec['in'],
            required: p.required === true,
            schema: absolutize(transformSchema(structuredClone((p.schema ?? {}) as JsonObject)), name),
          })
        }
        const content = (isObject(op.requestBody) ? op.requestBody.content : undefined) as
          | JsonObject
          | undefined
        const json = content?.['application/json']
        operations.push({
          spec: name,
          operationId: op.operationId,
          method: method.toUpperCase(),
          path,
          params: [...params.values()],
          jsonBody:
            isObject(json) && isObject(json.schema)
              ? {
                  schema: absolutize(transformSchema(structuredClone(json.schema)), name),
                  required: (op.requestBody as JsonObject).required === true,
                }
              : null,
          otherBodyTypes: content ? Object.keys(content).filter((t) => t !== 'application/json') : [],
        })
      }
    }
  }
  return { documents, operations }
}

function resolveParameter(raw: unknown, parameters: JsonObject): JsonObject | null {
  if (!isObject(raw)) return null
  if (typeof raw.$ref === 'string') {
    const target = parameters[raw.$ref.split('/').pop() ?? '']
    return isObject(target) ? target : null
  }
  return raw
}

/** `#/components/…` → `<spec>#/components/…`, everywhere in the tree. */
function absolutize<T>(node: T, spec: string): T {
  if (Array.isArray(node)) {
    for (const item of node) absolutize(item, spec)
  } else if (isObject(node)) {
    const object: JsonObject = node
    for (const [key, value] of Object.entries(object)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#'))
        object[key] = `${spec}${value}`
      else if (!SKIP_KEYS.has(key)) absolutize(value, spec)
    }
  }
  return node
}

/** Rewrites `nullable`, drops empty `format`s and keywords Ajv doesn't need. Mutates and returns. */
function transformSchema(node: JsonObject): JsonObject {
  for (const key of Object.keys(node)) {
    const value = node[key]
    if (SKIP_KEYS.has(key) || key === 'discriminator') continue
    if (key === 'properties' && isObject(value)) {
      for (const [prop, sub] of Object.entries(value)) if (isObject(sub)) value[prop] = transformSchema(sub)
    } else if (Array.isArray(value)) {
      node[key] = value.map((item) => (isObject(item) ? transformSchema(item) : item))
    } else if (isObject(value) && key !== 'mapping') {
      node[key] = transformSchema(value)
    }
  }
  if (node.format === null || node.format === '') delete node.format
  // A few parameters of insight.yml put their pattern in `format`.
  if (typeof node.format === 'string' && node.format.startsWith('^')) {
    node.pattern ??= node.format
    delete node.format
  }
  if (node.nullable === true) {
    delete node.nullable
    if (typeof node.type === 'string') {
      node.type = [node.type, 'null']
      if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null]
      return node
    }
    return { anyOf: [node, { type: 'null' }] }
  }
  if ('nullable' in node) delete node.nullable
  return node
}

/**
 * Turns each discriminated base `B` into a dispatcher: the discriminator property must be one of the
 * mapping's values, and `if {type: k} then {$ref: mapping[k]}` for each k. Subtypes that `allOf` the
 * base now reference `B__base` (a copy of the base without the discriminator), so they don't recurse.
 */
function transformSchemas(input: JsonObject, spec: string): JsonObject {
  const schemas: JsonObject = {}
  for (const [name, schema] of Object.entries(input)) {
    schemas[name] = isObject(schema) ? transformSchema(structuredClone(schema)) : schema
  }
  for (const [name, required] of Object.entries(LINE_REQUIRED[spec] ?? {})) {
    const schema = schemas[name]
    if (isObject(schema)) {
      const existing = Array.isArray(schema.required) ? (schema.required as string[]) : []
      schema.required = [...new Set([...existing, ...required])]
    }
  }
  const bases = new Map<string, { property: string; mapping: Record<string, string> }>()
  for (const [name, schema] of Object.entries(input)) {
    if (!isObject(schema) || !isObject(schema.discriminator)) continue
    const d = schema.discriminator
    if (typeof d.propertyName !== 'string' || !isObject(d.mapping)) continue
    bases.set(name, { property: d.propertyName, mapping: d.mapping as Record<string, string> })
  }
  const baseRef = (name: string) => `#/components/schemas/${name}`
  // Subtypes: allOf [{$ref: B}] → allOf [{$ref: B__base}]
  for (const schema of Object.values(schemas)) {
    if (!isObject(schema) || !Array.isArray(schema.allOf)) continue
    schema.allOf = schema.allOf.map((part) => {
      if (isObject(part) && typeof part.$ref === 'string') {
        const target = part.$ref.replace('#/components/schemas/', '')
        if (bases.has(target) && part.$ref === baseRef(target)) return { $ref: baseRef(target + BASE_SUFFIX) }
      }
      return part
    })
  }
  for (const [name, { property, mapping }] of bases) {
    const base = schemas[name] as JsonObject
    schemas[name + BASE_SUFFIX] = base
    const values = Object.keys(mapping)
    schemas[name] = {
      type: 'object',
      required: [property],
      properties: { [property]: { type: 'string', enum: values } },
      allOf: values.map((value) => ({
        if: { properties: { [property]: { const: value } }, required: [property] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema keyword
        then: { $ref: mapping[value] },
      })),
    }
  }
  return absolutize(schemas, spec)
}
