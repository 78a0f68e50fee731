import { IconVideo } from '@tabler/icons-react'
import type { Answers, RawAnswers } from '../answers.ts'
import { isQuestionVisible } from '../answers.ts'
import type { FormDefinition, Question } from '../definition.ts'
import { formatAnswer } from '../format.ts'
import { localize } from '../localize.ts'
import { asList } from './field-context.ts'
import { FormText, plainMessage } from './form-text.tsx'
import { htmlLang } from './helpers.ts'
import { colors, lh, prose, rubyRoom, stack } from './styles.ts'
import type { UploadedFile } from './types.ts'
import { formUiMessages } from './ui-messages.ts'

export type AnswerSummaryProps = {
  definition: FormDefinition
  language: string
  /** Validated answers (best: they are normalised, e.g. "123-4567"), or raw ones. */
  answers: Answers | RawAnswers
  /** Name, type and size of the uploads the answers refer to. */
  files: Record<string, Pick<UploadedFile, 'fileName'>>
  /** Where an upload can be fetched: images then show as thumbnails, videos as links. */
  fileUrl?: (uploadId: string) => string
  /** Also list shown questions without an answer, as "未回答" (the admin answer detail). */
  showUnanswered?: boolean
  /** Also list staff-only notes (the admin answer detail; never residents). */
  includeStaffNotes?: boolean
}

function isAnswered(value: Answers[string] | RawAnswers[string]): boolean {
  if (value === undefined || value === null) return false
  if (Array.isArray(value)) return value.length > 0
  return String(value).trim() !== ''
}

/**
 * The answers as a list of question → answer, section by section: the confirmation screen before
 * sending, and the answer detail in the admin. Hidden (conditional) questions are left out.
 */
export function AnswerSummary({
  definition,
  language,
  answers,
  files,
  fileUrl,
  showUnanswered = false,
  includeStaffNotes = false,
}: AnswerSummaryProps) {
  const messages = formUiMessages(language)
  const isShown = (q: Question) =>
    q.type === 'staff_note' ? includeStaffNotes : isQuestionVisible(definition, q, answers)
  const groups = definition.sections
    .map((section) => ({
      section,
      questions: section.questions.filter((q) => isShown(q) && (showUnanswered || isAnswered(answers[q.id]))),
    }))
    .filter((g) => g.questions.length > 0)
  const hasSectionTitles = groups.length > 1
  return (
    <div lang={htmlLang(language)} style={{ ...rubyRoom(language), ...stack(16) }}>
      {groups.map(({ section, questions }) => {
        const title = localize(section.title, language)
        return (
          <div key={section.id} style={stack(8)}>
            {hasSectionTitles && title ? (
              <p style={{ margin: 0, fontWeight: 700, fontSize: '1.0625rem' }}>
                <FormText text={title} />
              </p>
            ) : null}
            <dl style={{ margin: 0, ...stack(12) }}>
              {questions.map((q) => (
                <div key={q.id} style={{ paddingBottom: 12, borderBottom: `1px solid ${colors.divider}` }}>
                  <dt
                    style={{
                      fontSize: '0.875rem',
                      fontWeight: 700,
                      color: colors.muted,
                      lineHeight: lh(1.6),
                    }}
                  >
                    <FormText text={localize(q.label, language)} />
                  </dt>
                  <dd style={{ margin: '4px 0 0', fontSize: '1rem', lineHeight: lh(1.7) }}>
                    <AnswerValueView
                      question={q}
                      value={answers[q.id]}
                      language={language}
                      files={files}
                      fileUrl={fileUrl}
                      unanswered={messages.unanswered}
                      fallbackName={plainMessage(messages.fileFallbackName)}
                    />
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        )
      })}
    </div>
  )
}

function AnswerValueView({
  question,
  value,
  language,
  files,
  fileUrl,
  unanswered,
  fallbackName,
}: {
  question: Question
  value: Answers[string] | RawAnswers[string]
  language: string
  files: AnswerSummaryProps['files']
  fileUrl: AnswerSummaryProps['fileUrl']
  unanswered: string
  fallbackName: string
}) {
  if (!isAnswered(value)) {
    return (
      <span style={{ color: colors.muted }}>
        <FormText text={unanswered} />
      </span>
    )
  }
  if ((question.type === 'image' || question.type === 'video') && fileUrl) {
    const ids = asList(value)
    return (
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {ids.map((id) => {
          const name = files[id]?.fileName ?? fallbackName
          // The name under the picture names the link; the picture itself needs no text.
          return (
            <li key={id}>
              <a
                href={fileUrl(id)}
                target="_blank"
                rel="noopener noreferrer"
                style={{
                  display: 'flex',
                  flexDirection: 'column',
                  gap: 4,
                  width: 112,
                  color: 'inherit',
                  fontSize: '0.8125rem',
                }}
              >
                {question.type === 'image' ? (
                  <img
                    src={fileUrl(id)}
                    alt=""
                    width={112}
                    height={112}
                    loading="lazy"
                    style={{
                      width: 112,
                      height: 112,
                      objectFit: 'cover',
                      borderRadius: 8,
                      background: colors.page,
                    }}
                  />
                ) : (
                  <span
                    style={{
                      width: 112,
                      height: 112,
                      borderRadius: 8,
                      background: colors.page,
                      color: colors.muted,
                      display: 'flex',
                      alignItems: 'center',
                      justifyContent: 'center',
                    }}
                  >
                    <IconVideo size={36} aria-hidden="true" />
                  </span>
                )}
                <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {name}
                </span>
              </a>
            </li>
          )
        })}
      </ul>
    )
  }
  // formatAnswer gives plain text (option labels may carry furigana, shown as ruby).
  const text = formatAnswer(question, value, language, files)
  return (
    <span style={prose}>
      <FormText text={text} />
    </span>
  )
}
