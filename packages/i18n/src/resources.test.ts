import { describe, expect, it } from 'vitest'
import { adminResources } from './create-i18n.ts'
import { ADMIN_LANGUAGES } from './languages.ts'

type Tree = { readonly [key: string]: unknown }

/** Every leaf of a message tree as `path → message`; anything but a string or a subtree is reported. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') leaves.set(path, value)
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [p, v] of flatten(value as Tree, path)) leaves.set(p, v)
    } else leaves.set(path, `<not a message: ${JSON.stringify(value)}>`)
  }
  return leaves
}

function keyDifference(a: Tree, b: Tree): { onlyInA: string[]; onlyInB: string[] } {
  const keysA = [...flatten(a).keys()]
  const keysB = [...flatten(b).keys()]
  return {
    onlyInA: keysA.filter((k) => !keysB.includes(k)),
    onlyInB: keysB.filter((k) => !keysA.includes(k)),
  }
}

const variables = (message: string) => [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort()

describe('admin resources', () => {
  const ja = adminResources.ja.translation
  const en = adminResources.en.translation

  it('the key walker sees a missing or extra nested key', () => {
    // Guards the check below: if the walker were broken, the parity test would pass vacuously.
    expect(keyDifference({ a: { b: 'x', c: 'y' } }, { a: { b: 'x' }, d: 'z' })).toEqual({
      onlyInA: ['a.c'],
      onlyInB: ['d'],
    })
  })

  it('ja and en have exactly the same keys', () => {
    expect(flatten(ja).size).toBeGreaterThan(50)
    expect(keyDifference(ja, en)).toEqual({ onlyInA: [], onlyInB: [] })
  })

  it('every message is a non-empty string', () => {
    for (const language of ADMIN_LANGUAGES) {
      for (const [path, message] of flatten(adminResources[language].translation)) {
        expect(message.trim(), `${language}: ${path}`).not.toBe('')
        expect(message, `${language}: ${path}`).not.toMatch(/^<not a message/)
      }
    }
  })

  it('translations use the same {{variables}} as the Japanese original', () => {
    const english = flatten(en)
    for (const [path, message] of flatten(ja)) {
      expect(variables(english.get(path) ?? ''), path).toEqual(variables(message))
    }
  })
})
