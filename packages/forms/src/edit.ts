import {
  FORM_SCHEMA_VERSION,
  type FormDefinition,
  type LocalizedText,
  QUESTION_TYPES,
  type Question,
  type QuestionType,
  type Section,
} from './definition.ts'

/**
 * Pure editing helpers of the form builder. Every function returns a new definition and leaves
 * its argument untouched, so the builder can keep the saved copy to compare against and React
 * sees a new object on every change.
 */

/** The order the builder's "add question" menu lists the types in: the definition's, most used first. */
export const QUESTION_TYPE_ORDER: readonly QuestionType[] = QUESTION_TYPES

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

/**
 * A fresh id for a section (`s`), question (`q`) or option (`o`): "q_k3x9a2mf". Eight random
 * characters make a clash inside one form practically impossible; `definitionIssues` would still
 * report one.
 */
export function newItemId(prefix: string): string {
  const bytes = new Uint8Array(8)
  globalThis.crypto.getRandomValues(bytes)
  let suffix = ''
  for (const byte of bytes) suffix += ID_ALPHABET[byte % ID_ALPHABET.length]
  return `${prefix}_${suffix}`
}

/**
 * Texts a new question starts with. They go into the Japanese slot (the one every form must fill);
 * `language` picks the words for staff working in the English admin, who replace them anyway.
 */
const DEFAULT_TEXTS = {
  ja: { question: '無題の質問', option: (n: number) => `選択肢${n}` },
  en: { question: 'Untitled question', option: (n: number) => `Option ${n}` },
} as const

function defaultTexts(language: string | undefined) {
  return language === 'en' ? DEFAULT_TEXTS.en : DEFAULT_TEXTS.ja
}

/** A new question of `type` with the defaults staff most often want (two options, one image…). */
export function newQuestion(type: QuestionType, language?: string): Question {
  const texts = defaultTexts(language)
  const base = { id: newItemId('q'), label: { ja: texts.question }, required: false }
  const options = () => [1, 2].map((n) => ({ id: newItemId('o'), label: { ja: texts.option(n) } }))
  switch (type) {
    case 'short_text':
      return { ...base, type, maxLength: 100 }
    case 'long_text':
      return { ...base, type, maxLength: 2000 }
    case 'number':
      return { ...base, type, integer: true }
    case 'single_choice':
      return { ...base, type, options: options() }
    case 'multiple_choice':
      return { ...base, type, options: options() }
    case 'dropdown':
      return { ...base, type, options: options() }
    case 'date':
      return { ...base, type }
    case 'postal_code':
      return { ...base, type }
    case 'phone':
      return { ...base, type }
    case 'email':
      return { ...base, type }
    case 'image':
      return { ...base, type, maxFiles: 1, maxSizeMb: 10 }
    case 'video':
      return { ...base, type, maxFiles: 1, maxSizeMb: 50 }
    case 'staff_note':
      return { ...base, type }
  }
}

/** A new section with no questions. */
export function newSection(): Section {
  return { id: newItemId('s'), questions: [] }
}

/** What `create` starts a form with: the title in Japanese, one empty section. */
export function emptyDefinition(title: string): FormDefinition {
  return { schemaVersion: FORM_SCHEMA_VERSION, title: { ja: title }, sections: [newSection()] }
}

export type QuestionPosition = { sectionIndex: number; questionIndex: number; question: Question }

/** Where a question is, or null. */
export function findQuestion(
  def: Pick<FormDefinition, 'sections'>,
  questionId: string,
): QuestionPosition | null {
  for (const [sectionIndex, section] of def.sections.entries()) {
    const questionIndex = section.questions.findIndex((q) => q.id === questionId)
    const question = section.questions[questionIndex]
    if (question) return { sectionIndex, questionIndex, question }
  }
  return null
}

function withSections(def: FormDefinition, sections: Section[]): FormDefinition {
  return { ...def, sections }
}

/** Replaces one question with what `change` makes of it (same id). */
export function updateQuestion(
  def: FormDefinition,
  questionId: string,
  change: (question: Question) => Question,
): FormDefinition {
  return withSections(
    def,
    def.sections.map((section) =>
      section.questions.some((q) => q.id === questionId)
        ? { ...section, questions: section.questions.map((q) => (q.id === questionId ? change(q) : q)) }
        : section,
    ),
  )
}

/** Replaces one section's own fields (title, description); its questions stay. */
export function updateSection(
  def: FormDefinition,
  sectionId: string,
  change: (section: Section) => Section,
): FormDefinition {
  return withSections(
    def,
    def.sections.map((s) => (s.id === sectionId ? { ...change(s), id: s.id, questions: s.questions } : s)),
  )
}

/**
 * Inserts `question` into a section: after the question `afterQuestionId` when given (and found in
 * that section), else at the end. Without a section id it goes into the last section.
 */
export function addQuestion(
  def: FormDefinition,
  question: Question,
  where: { sectionId?: string; afterQuestionId?: string } = {},
): FormDefinition {
  const after = where.afterQuestionId ? findQuestion(def, where.afterQuestionId) : null
  const sectionIndex = after
    ? after.sectionIndex
    : where.sectionId
      ? def.sections.findIndex((s) => s.id === where.sectionId)
      : def.sections.length - 1
  const section = def.sections[sectionIndex]
  if (!section) return def
  const questions = [...section.questions]
  questions.splice(after ? after.questionIndex + 1 : questions.length, 0, question)
  return withSections(
    def,
    def.sections.map((s, i) => (i === sectionIndex ? { ...s, questions } : s)),
  )
}

/**
 * A copy of a question (new ids for it and its options) right after the original. The copy's
 * condition still points at the same earlier question, so it stays valid.
 */
export function duplicateQuestion(
  def: FormDefinition,
  questionId: string,
): { definition: FormDefinition; questionId: string } {
  const found = findQuestion(def, questionId)
  if (!found) return { definition: def, questionId }
  const copy = structuredClone(found.question)
  copy.id = newItemId('q')
  if ('options' in copy) copy.options = copy.options.map((o) => ({ ...o, id: newItemId('o') }))
  // A second question writing the same resident attribute would overwrite the first one's answer.
  delete copy.attributeKey
  return { definition: addQuestion(def, copy, { afterQuestionId: questionId }), questionId: copy.id }
}

/** Drops references to a question that no longer exists (conditions, postal-code address targets). */
function clearReferencesTo(def: FormDefinition, questionId: string): FormDefinition {
  return withSections(
    def,
    def.sections.map((section) => ({
      ...section,
      questions: section.questions.map((q) => {
        let next = q
        if (next.showWhen?.questionId === questionId) {
          const { showWhen: _dropped, ...rest } = next
          next = rest as Question
        }
        if (next.type === 'postal_code' && next.addressQuestionId === questionId) {
          const { addressQuestionId: _dropped, ...rest } = next
          next = rest
        }
        return next
      }),
    })),
  )
}

/** Removes a question, and every condition or address target that pointed at it. */
export function removeQuestion(def: FormDefinition, questionId: string): FormDefinition {
  const without = withSections(
    def,
    def.sections.map((s) => ({ ...s, questions: s.questions.filter((q) => q.id !== questionId) })),
  )
  return clearReferencesTo(without, questionId)
}

/**
 * Moves a question to `index` of section `sectionId` (the index counted without the moved
 * question). Conditions are left alone: if the move puts a condition's target after the question,
 * `definitionIssues` reports it and the builder shows it on the question.
 */
export function moveQuestion(
  def: FormDefinition,
  questionId: string,
  to: { sectionId: string; index: number },
): FormDefinition {
  const found = findQuestion(def, questionId)
  const targetIndex = def.sections.findIndex((s) => s.id === to.sectionId)
  if (!found || targetIndex < 0) return def
  const sections = def.sections.map((s, i) =>
    i === found.sectionIndex ? { ...s, questions: s.questions.filter((q) => q.id !== questionId) } : s,
  )
  const target = sections[targetIndex]
  if (!target) return def
  const questions = [...target.questions]
  const index = Math.max(0, Math.min(to.index, questions.length))
  questions.splice(index, 0, found.question)
  sections[targetIndex] = { ...target, questions }
  return withSections(def, sections)
}

/**
 * One step up (-1) or down (+1): within the section, or across its edge into the neighbouring
 * section (to its end when going up, its start when going down). At the very top or bottom of
 * the form nothing changes.
 */
export function moveQuestionBy(def: FormDefinition, questionId: string, step: -1 | 1): FormDefinition {
  const found = findQuestion(def, questionId)
  if (!found) return def
  const section = def.sections[found.sectionIndex]
  if (!section) return def
  const index = found.questionIndex + step
  if (index >= 0 && index < section.questions.length) {
    return moveQuestion(def, questionId, { sectionId: section.id, index })
  }
  const neighbour = def.sections[found.sectionIndex + step]
  if (!neighbour) return def
  return moveQuestion(def, questionId, {
    sectionId: neighbour.id,
    index: step === -1 ? neighbour.questions.length : 0,
  })
}

/** Whether `moveQuestionBy` would change anything. */
export function canMoveQuestionBy(def: Pick<FormDefinition, 'sections'>, questionId: string, step: -1 | 1) {
  const found = findQuestion(def, questionId)
  if (!found) return false
  const last = def.sections.length - 1
  if (step === -1) return found.questionIndex > 0 || found.sectionIndex > 0
  const count = def.sections[found.sectionIndex]?.questions.length ?? 0
  return found.questionIndex < count - 1 || found.sectionIndex < last
}

/**
 * The drag-and-drop list's model: section headers and questions in one flat order. Rebuilding
 * the sections from a reordered flat list is how a question dropped below another section's
 * header moves into that section.
 */
export type FlatItem = { kind: 'section'; id: string } | { kind: 'question'; id: string }

export function flattenItems(def: Pick<FormDefinition, 'sections'>): FlatItem[] {
  return def.sections.flatMap((s) => [
    { kind: 'section' as const, id: s.id },
    ...s.questions.map((q) => ({ kind: 'question' as const, id: q.id })),
  ])
}

/**
 * Sections rebuilt from a reordered flat list. Section headers keep their relative order (only
 * questions are dragged); a question placed before the first header joins the first section.
 */
export function applyFlatOrder(def: FormDefinition, items: FlatItem[]): FormDefinition {
  const questions = new Map(def.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)))
  const sections = new Map(def.sections.map((s) => [s.id, s] as const))
  const leading: Question[] = []
  const rebuilt: Section[] = []
  for (const item of items) {
    if (item.kind === 'section') {
      const section = sections.get(item.id)
      if (section) rebuilt.push({ ...section, questions: [] })
      continue
    }
    const question = questions.get(item.id)
    if (!question) continue
    questions.delete(item.id)
    const current = rebuilt.at(-1)
    if (current) current.questions.push(question)
    else leading.push(question)
  }
  if (rebuilt.length !== def.sections.length || questions.size > 0) return def // not a reorder of this form
  const first = rebuilt[0]
  if (first) first.questions.unshift(...leading)
  return withSections(def, rebuilt)
}

/** Adds an empty section at the end (or after `afterSectionId`); returns its id too. */
export function addSection(
  def: FormDefinition,
  afterSectionId?: string,
): { definition: FormDefinition; sectionId: string } {
  const section = newSection()
  const sections = [...def.sections]
  const after = afterSectionId ? sections.findIndex((s) => s.id === afterSectionId) : -1
  sections.splice(after >= 0 ? after + 1 : sections.length, 0, section)
  return { definition: withSections(def, sections), sectionId: section.id }
}

/**
 * Removes a section but keeps its questions: they join the section before it (the one after it,
 * for the first section). The last remaining section cannot be removed (a form needs one).
 */
export function removeSection(def: FormDefinition, sectionId: string): FormDefinition {
  const index = def.sections.findIndex((s) => s.id === sectionId)
  const removed = def.sections[index]
  if (!removed || def.sections.length <= 1) return def
  const sections = def.sections.filter((s) => s.id !== sectionId)
  if (index === 0) {
    const next = sections[0]
    if (next) sections[0] = { ...next, questions: [...removed.questions, ...next.questions] }
  } else {
    const previous = sections[index - 1]
    if (previous)
      sections[index - 1] = { ...previous, questions: [...previous.questions, ...removed.questions] }
  }
  return withSections(def, sections)
}

/** Moves a section one step up or down, with its questions. */
export function moveSectionBy(def: FormDefinition, sectionId: string, step: -1 | 1): FormDefinition {
  const index = def.sections.findIndex((s) => s.id === sectionId)
  const target = index + step
  const section = def.sections[index]
  const other = def.sections[target]
  if (!section || !other) return def
  const sections = [...def.sections]
  sections[index] = other
  sections[target] = section
  return withSections(def, sections)
}

/**
 * One language of a text set to `value`. An emptied translation is removed (it is "missing", and
 * falls back to Japanese); an emptied Japanese text stays as "" so the builder can point at it.
 */
export function setLocalizedText(
  text: LocalizedText | undefined,
  language: string,
  value: string,
): LocalizedText {
  const next: LocalizedText = { ...(text ?? {}) }
  if (value === '' && language !== 'ja') delete next[language]
  else next[language] = value
  return next
}

/** Whether a text has anything in any language (to drop optional texts that were cleared). */
export function hasAnyText(text: LocalizedText | undefined): boolean {
  return Object.values(text ?? {}).some((v) => v.trim() !== '')
}

/** Questions earlier than `questionId` that a condition may point at (no staff notes). */
export function conditionTargets(def: Pick<FormDefinition, 'sections'>, questionId: string): Question[] {
  const earlier: Question[] = []
  for (const section of def.sections) {
    for (const q of section.questions) {
      if (q.id === questionId) return earlier
      if (q.type !== 'staff_note') earlier.push(q)
    }
  }
  return earlier
}

/**
 * Which question or section a definition path ("sections.0.questions.2.options") belongs to, and
 * the rest of the path within it ("options"). Used to show publish and save errors in place.
 */
export function locatePath(
  def: Pick<FormDefinition, 'sections'>,
  path: string | (string | number)[],
): { questionId?: string; sectionId?: string; field: string } {
  const parts = (typeof path === 'string' ? path.split('.') : path.map(String)).filter((p) => p !== '')
  if (parts[0] !== 'sections') return { field: parts.join('.') }
  const section = def.sections[Number(parts[1])]
  if (!section) return { field: parts.join('.') }
  if (parts[2] !== 'questions') return { sectionId: section.id, field: parts.slice(2).join('.') }
  const question = section.questions[Number(parts[3])]
  if (!question) return { sectionId: section.id, field: parts.slice(2).join('.') }
  return { sectionId: section.id, questionId: question.id, field: parts.slice(4).join('.') }
}
