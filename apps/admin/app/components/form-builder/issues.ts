import {
  type FormDefinition,
  FormDefinition as FormDefinitionSchema,
  FormDraftDefinition,
  locatePath,
} from '@kairan/forms'
import type { TFunction } from '@kairan/i18n'

/** A problem of the definition, placed on the question, section or form field it concerns. */
export type DefinitionProblem = {
  /** The full path: "sections.0.questions.2.options". */
  path: string
  questionId?: string
  sectionId?: string
  /** The path within the question or section ("options.1.label"), or within the form ("consent.linkUrl"). */
  field: string
  /** A message key: one of `forms.issues.*`, or an `errors.*` key from the server. */
  key: string
}

type ZodLikeIssue = { code: string; message: string; path: PropertyKey[]; origin?: string; format?: string }

/** Stable keys the definition schema uses as messages (see definition.ts). */
const KNOWN_MESSAGES = new Set([
  'ja_required',
  'duplicate_id',
  'range_inverted',
  'picks_exceed_options',
  'condition_target_invalid',
  'condition_value_missing',
  'address_target_invalid',
  'pattern_invalid',
  'attribute_key',
  'id',
  'language',
])

/** A zod issue of the definition schema as one of our message keys. */
export function issueKey(issue: ZodLikeIssue): string {
  if (KNOWN_MESSAGES.has(issue.message)) return issue.message
  const last = String(issue.path.at(-1) ?? '')
  if (issue.code === 'too_small')
    return issue.origin === 'array' && last === 'options' ? 'options_required' : 'too_small'
  if (issue.code === 'too_big') return issue.origin === 'array' ? 'too_many' : 'too_big'
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'url_invalid'
  if (issue.code === 'invalid_type') return 'required'
  return 'invalid'
}

function problem(def: FormDefinition, path: string, key: string): DefinitionProblem {
  return { path, key, ...locatePath(def, path) }
}

/**
 * What stops this definition from being saved (`draft`: shape only) or published (`publish`: also
 * conditions, ranges, ids). The same schemas the server applies, so staff see problems before
 * sending and in the same places the server would name.
 */
export function definitionProblems(def: FormDefinition, mode: 'draft' | 'publish'): DefinitionProblem[] {
  const schema = mode === 'publish' ? FormDefinitionSchema : FormDraftDefinition
  const parsed = schema.safeParse(def)
  if (parsed.success) return []
  const seen = new Set<string>()
  const problems: DefinitionProblem[] = []
  for (const issue of parsed.error.issues as ZodLikeIssue[]) {
    const path = issue.path.map(String).join('.')
    if (seen.has(path)) continue
    seen.add(path)
    problems.push(problem(def, path, issueKey(issue)))
  }
  return problems
}

/** The server's `fields` (path → key) of a refused save or publish, placed like the local ones. */
export function serverProblems(
  def: FormDefinition,
  fields: Record<string, string> | undefined,
): DefinitionProblem[] {
  return Object.entries(fields ?? {}).map(([path, key]) =>
    // The server names zod's code where the schema has no message of its own.
    problem(def, path, key === 'too_small' && path.endsWith('.options') ? 'options_required' : key),
  )
}

/** The message of a problem in the staff's language. */
export function problemMessage(t: TFunction, key: string): string {
  if (key.startsWith('errors.') || key.startsWith('forms.')) return t(key)
  return t(`forms.issues.${key}`, { defaultValue: t('forms.issues.invalid') })
}

export type ProblemIndex = {
  all: DefinitionProblem[]
  /** field → message key, for the question's editor. */
  question: (questionId: string) => Map<string, string>
  section: (sectionId: string) => Map<string, string>
  /** Form-level fields: title, description, consent.*, thankYou. */
  form: Map<string, string>
}

export function indexProblems(problems: DefinitionProblem[]): ProblemIndex {
  const byQuestion = new Map<string, Map<string, string>>()
  const bySection = new Map<string, Map<string, string>>()
  const form = new Map<string, string>()
  for (const p of problems) {
    const target = p.questionId
      ? (byQuestion.get(p.questionId) ?? byQuestion.set(p.questionId, new Map()).get(p.questionId))
      : p.sectionId
        ? (bySection.get(p.sectionId) ?? bySection.set(p.sectionId, new Map()).get(p.sectionId))
        : form
    if (target && !target.has(p.field)) target.set(p.field, p.key)
  }
  const empty = new Map<string, string>()
  return {
    all: problems,
    question: (id) => byQuestion.get(id) ?? empty,
    section: (id) => bySection.get(id) ?? empty,
    form,
  }
}

/** The first message for `field` or anything under it ("options" also finds "options.1.label"). */
export function fieldProblem(map: Map<string, string>, field: string, exact = false): string | undefined {
  const direct = map.get(field)
  if (direct || exact) return direct
  for (const [key, value] of map) if (key.startsWith(`${field}.`)) return value
  return undefined
}
