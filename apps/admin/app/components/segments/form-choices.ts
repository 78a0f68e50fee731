import type { FormChoice } from './condition-row.tsx'
import { labelIn } from './labels.ts'

/** Forms for the "form answered" condition: the title in the admin's language. */
export function formChoices(
  forms: { id: string; title: Record<string, string> }[],
  language: string,
): FormChoice[] {
  return forms.map((f) => ({ id: f.id, title: labelIn(f.title, language) || f.id }))
}
