// Method + path template routing. Literal segments win over `{param}` segments
// (`/v2/bot/richmenu/list` before `/v2/bot/richmenu/{richMenuId}`).

type Node<T> = {
  literal: Map<string, Node<T>>
  param: { name: string; node: Node<T> } | null
  value: T | null
}

const node = <T>(): Node<T> => ({ literal: new Map(), param: null, value: null })

export type RouteMatch<T> = { value: T; params: Record<string, string> }

export class Router<T> {
  readonly #roots = new Map<string, Node<T>>()

  add(method: string, template: string, value: T): void {
    let current = this.#roots.get(method)
    if (!current) {
      current = node<T>()
      this.#roots.set(method, current)
    }
    for (const segment of template.split('/').slice(1)) {
      const param = /^\{(.+)\}$/.exec(segment)
      if (param) {
        current.param ??= { name: param[1] ?? '', node: node<T>() }
        current = current.param.node
      } else {
        let next = current.literal.get(segment)
        if (!next) {
          next = node<T>()
          current.literal.set(segment, next)
        }
        current = next
      }
    }
    current.value = value
  }

  match(method: string, path: string): RouteMatch<T> | null {
    const root = this.#roots.get(method)
    if (!root) return null
    const segments = path.split('/').slice(1)
    const params: Record<string, string> = {}
    const value = walk(root, segments, 0, params)
    return value === null ? null : { value, params }
  }
}

function walk<T>(current: Node<T>, segments: string[], i: number, params: Record<string, string>): T | null {
  if (i === segments.length) return current.value
  const segment = segments[i] ?? ''
  const literal = current.literal.get(segment)
  if (literal) {
    const found = walk(literal, segments, i + 1, params)
    if (found !== null) return found
  }
  if (current.param && segment !== '') {
    let decoded: string
    try {
      decoded = decodeURIComponent(segment)
    } catch {
      return null
    }
    const found = walk(current.param.node, segments, i + 1, params)
    if (found !== null) {
      params[current.param.name] = decoded
      return found
    }
  }
  return null
}
