import { type Answers, type FormDefinition, FormDraftDefinition } from '@kairan/forms'
import type { SecretBox } from '../shared/secret-box.ts'

/** Answers are stored sealed (SEC-2): JSON of `Answers`, encrypted with the tenant-wide key ring. */
export function sealAnswers(secrets: SecretBox, answers: Answers): string {
  return secrets.encrypt(JSON.stringify(answers))
}

export function openAnswers(secrets: SecretBox, sealed: string): Answers {
  return JSON.parse(secrets.decrypt(sealed)) as Answers
}

/** A definition read back from a jsonb column (drafts and versions were checked when written). */
export function storedDefinition(json: unknown): FormDefinition {
  return FormDraftDefinition.parse(json)
}
