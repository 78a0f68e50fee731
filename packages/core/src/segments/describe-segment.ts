import type { AttributeDef } from './attributes.ts'
import type { SegmentCondition, SegmentFilter, SegmentGroup } from './filter.ts'

const LANGUAGE_NAMES: Record<string, string> = {
  ja: '日本語',
  en: 'English',
  ko: '한국어',
  'zh-Hans': '中文（简体）',
  'zh-Hant': '中文（繁體）',
  'ja-easy': 'やさしい日本語',
}

type Lang = 'ja' | 'en'
type FormRef = { id: string; title: string | Record<string, string> }

function pick(map: Record<string, string> | undefined, language: Lang, fallback: string): string {
  return map?.[language] || map?.ja || fallback
}

function list(items: string[], language: Lang, joiner: 'or' | 'nor'): string {
  if (language === 'ja') return items.join(joiner === 'or' ? ' または ' : '・')
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} ${joiner} ${items.at(-1)}`
}

function describeCondition(
  c: SegmentCondition,
  attributes: AttributeDef[],
  language: Lang,
  forms: FormRef[],
): string {
  const ja = language === 'ja'
  switch (c.kind) {
    case 'attribute': {
      // The live definition of the key first; else the most recent deleted one (old labels).
      const def =
        attributes.find((a) => a.key === c.key && !a.deletedAt) ?? attributes.find((a) => a.key === c.key)
      const name = pick(def?.label, language, c.key)
      const values = c.values.map((v) => pick(def?.options.find((o) => o.value === v)?.label, language, v))
      switch (c.op) {
        case 'is':
          return ja ? `${name}が ${values[0] ?? ''}` : `${name} is ${values[0] ?? ''}`
        case 'is_not':
          return ja ? `${name}が ${values[0] ?? ''} 以外` : `${name} is not ${values[0] ?? ''}`
        case 'any_of':
          return ja
            ? `${name}が ${list(values, language, 'or')}`
            : `${name} is ${list(values, language, 'or')}`
        case 'none_of':
          return ja
            ? `${name}が ${list(values, language, 'nor')} のいずれでもない`
            : `${name} is none of ${values.join(', ')}`
        case 'is_set':
          return ja ? `${name}が 登録済み` : `${name} is set`
        case 'is_not_set':
          return ja ? `${name}が 未登録` : `${name} is not set`
      }
      return name
    }
    case 'language': {
      const names = c.values.map((v) => LANGUAGE_NAMES[v] ?? v)
      if (c.op === 'any_of')
        return ja ? `言語が ${list(names, language, 'or')}` : `Language is ${list(names, language, 'or')}`
      return ja
        ? `言語が ${list(names, language, 'nor')} 以外`
        : `Language is not ${list(names, language, 'or')}`
    }
    case 'form': {
      const form = forms.find((f) => f.id === c.formId)
      const title = form
        ? typeof form.title === 'string'
          ? form.title
          : pick(form.title, language, c.formId)
        : ja
          ? '（削除されたフォーム）'
          : '(deleted form)'
      if (c.op === 'answered') return ja ? `『${title}』に回答済み` : `Answered “${title}”`
      return ja ? `『${title}』に未回答` : `Has not answered “${title}”`
    }
    case 'friend_since':
      switch (c.op) {
        case 'before':
          return ja ? `友だち追加が ${c.date} より前` : `Became a friend before ${c.date}`
        case 'after':
          return ja ? `友だち追加が ${c.date} 以降` : `Became a friend on or after ${c.date}`
        case 'within_days':
          return ja ? `友だち追加が 直近${c.days}日以内` : `Became a friend in the last ${c.days} days`
        case 'not_within_days':
          return ja ? `友だち追加が 直近${c.days}日より前` : `Became a friend more than ${c.days} days ago`
      }
      return ''
    case 'test_device':
      if (c.op === 'is') return ja ? 'テスト端末' : 'Test device'
      return ja ? 'テスト端末以外' : 'Not a test device'
  }
}

function joiner(op: 'and' | 'or', language: Lang): string {
  if (language === 'ja') return op === 'and' ? 'かつ' : 'または'
  return op === 'and' ? ' and ' : ' or '
}

function describeGroup(
  group: SegmentGroup,
  attributes: AttributeDef[],
  language: Lang,
  forms: FormRef[],
  nested: boolean,
): string {
  const parts = group.conditions.map((c) => {
    const text = describeCondition(c, attributes, language, forms)
    return language === 'ja' ? `「${text}」` : text
  })
  const joined = parts.join(joiner(group.op, language))
  if (!nested || parts.length === 1) return joined
  return language === 'ja' ? `（${joined}）` : `(${joined})`
}

/**
 * SEG-5: a segment in plain words, e.g. 「地区が 北部 または 東部」かつ「言語が English」. Pure: the
 * caller passes the attribute definitions (deleted ones too, for old labels) and form titles.
 */
export function describeSegment(
  filter: SegmentFilter,
  attributes: AttributeDef[],
  language: Lang,
  forms: FormRef[] = [],
): string {
  if (filter.groups.length === 0) return language === 'ja' ? 'すべての友だち' : 'All friends'
  const nested = filter.groups.length > 1
  return filter.groups
    .map((g) => describeGroup(g, attributes, language, forms, nested))
    .join(joiner(filter.op, language))
}
