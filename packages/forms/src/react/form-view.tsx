import { stripFurigana } from '@kairan/i18n'
import { IconExternalLink } from '@tabler/icons-react'
import { type FocusEvent, useCallback, useMemo, useRef } from 'react'
import { CONSENT_FIELD, type FieldErrors, isQuestionVisible, type RawAnswers } from '../answers.ts'
import { allQuestions, type Consent, type FormDefinition } from '../definition.ts'
import { localize } from '../localize.ts'
import type { FieldContext } from './field-context.ts'
import { FormText } from './form-text.tsx'
import { htmlLang, questionFieldId } from './helpers.ts'
import { QuestionField } from './question-field.tsx'
import { errorNode, RequirementBadge } from './question-parts.tsx'
import { card, choiceInput, choiceRow, colors, lh, prose, rubyRoom, stack, visuallyHidden } from './styles.ts'
import type { FieldValue, PostalCodeLookup, UploadedFile, Uploader } from './types.ts'
import { type FormUiMessages, formUiMessages } from './ui-messages.ts'

export type FormViewProps = {
  definition: FormDefinition
  /** The resident's language (a FORM_LANGUAGES tag); texts missing in it fall back to Japanese. */
  language: string
  /** What the resident has entered, as typed (see `RawAnswers`). */
  values: RawAnswers
  /**
   * One field changed. A postal-code search changes two questions in a row, so apply it as an
   * update of the latest state: `setValues((v) => ({ ...v, [questionId]: value }))`.
   */
  onChange: (questionId: string, value: FieldValue) => void
  /** Messages by question id (and `CONSENT_FIELD`), already in `language`. */
  errors: FieldErrors
  consent: boolean
  onConsentChange: (consent: boolean) => void
  /** Sends files; without it (the admin preview) upload buttons are disabled with an explanation. */
  uploader?: Uploader
  /** Name, type and size of the uploads the answers refer to. */
  files: Record<string, UploadedFile>
  /** After an upload: the files known so far plus the new one (a complete map, not a delta). */
  onFilesChange?: (files: Record<string, UploadedFile>) => void
  /** Finds the address of a postal code ("123-4567"); without it there is no search button. */
  lookupPostalCode?: PostalCodeLookup
  /** Focus left a question (for validating one field with `validateAnswer`). Not called for uploads. */
  onBlurQuestion?: (questionId: string) => void
  /**
   * Files started or finished uploading: true while any is on its way. The page should not send
   * (nor leave the form) until it is false again, or the answer would lack those files.
   */
  onUploadingChange?: (isUploading: boolean) => void
  /** While sending: every input is disabled. */
  disabled?: boolean
  /** The level of the form title's heading: 1 on the LIFF page, lower inside an admin page. */
  headingLevel?: 1 | 2 | 3 | 4
  /** Prefix of the element ids (see `questionFieldId`), for a page that shows two forms. */
  idPrefix?: string
}

type HeadingTag = 'h1' | 'h2' | 'h3' | 'h4' | 'h5'

/**
 * A form as residents fill it in: title, description, each section and each question shown by
 * its conditions, then the consent block. Used by the LIFF form page and the admin builder's
 * preview. It holds no answers itself; the page keeps values, errors and consent, validates with
 * the shared validator and sends.
 */
export function FormView({
  definition,
  language,
  values,
  onChange,
  errors,
  consent,
  onConsentChange,
  uploader,
  files,
  onFilesChange,
  lookupPostalCode,
  onBlurQuestion,
  onUploadingChange,
  disabled = false,
  headingLevel = 1,
  idPrefix = 'kf',
}: FormViewProps) {
  const messages = formUiMessages(language)
  const uploads = useRef(new Map<string, number>())
  const wasUploading = useRef(false)
  const uploadingCallback = useRef(onUploadingChange)
  uploadingCallback.current = onUploadingChange
  const reportUploads = useCallback((questionId: string, count: number) => {
    if (count > 0) uploads.current.set(questionId, count)
    else uploads.current.delete(questionId)
    const isUploading = uploads.current.size > 0
    if (isUploading === wasUploading.current) return
    wasUploading.current = isUploading
    uploadingCallback.current?.(isUploading)
  }, [])
  const addressTargets = useMemo(
    () =>
      new Set(
        allQuestions(definition).flatMap((q) =>
          q.type === 'postal_code' && q.addressQuestionId ? [q.addressQuestionId] : [],
        ),
      ),
    [definition],
  )
  const ctx: FieldContext = {
    definition,
    language,
    messages,
    values,
    files,
    onChange,
    onFilesChange,
    uploader,
    lookupPostalCode,
    isDisabled: disabled,
    idPrefix,
    addressTargets,
    reportUploads,
  }
  const TitleTag = `h${headingLevel}` as HeadingTag
  const SectionTag = `h${headingLevel + 1}` as HeadingTag
  const description = localize(definition.description, language)

  // Focus moving between the radios of one question is not leaving it.
  const blurHandler = (questionId: string) => (event: FocusEvent<HTMLDivElement>) => {
    const next = event.relatedTarget
    if (next instanceof Node && event.currentTarget.contains(next)) return
    onBlurQuestion?.(questionId)
  }

  return (
    <div lang={htmlLang(language)} style={{ ...rubyRoom(language), ...stack(16), color: colors.text }}>
      <header style={stack(8)}>
        <TitleTag
          style={{
            margin: 0,
            fontSize: '1.5rem',
            lineHeight: lh(1.4),
            fontWeight: 700,
            overflowWrap: 'anywhere',
          }}
        >
          <FormText text={localize(definition.title, language)} />
        </TitleTag>
        {description ? (
          <p style={{ ...prose, lineHeight: lh(1.7) }}>
            <FormText text={description} />
          </p>
        ) : null}
      </header>

      {definition.sections.map((section) => {
        const shown = section.questions.filter((q) => isQuestionVisible(definition, q, values))
        const title = localize(section.title, language)
        const text = localize(section.description, language)
        // A section whose questions are all hidden by conditions is hidden too; one without
        // questions is a page of text and stays (unless it has no text either: a new draft's).
        if (section.questions.length > 0 ? shown.length === 0 : !title && !text) return null
        const headingId = `${idPrefix}-section-${section.id}`
        return (
          <section
            key={section.id}
            aria-labelledby={title ? headingId : undefined}
            style={{ ...card, ...stack(24) }}
          >
            {title || text ? (
              <div style={stack(4)}>
                {title ? (
                  <SectionTag
                    id={headingId}
                    style={{ margin: 0, fontSize: '1.125rem', lineHeight: lh(1.5), fontWeight: 700 }}
                  >
                    <FormText text={title} />
                  </SectionTag>
                ) : null}
                {text ? (
                  <p style={{ ...prose, lineHeight: lh(1.7), color: colors.muted }}>
                    <FormText text={text} />
                  </p>
                ) : null}
              </div>
            ) : null}
            {shown.map((question) => (
              // biome-ignore lint/a11y/noStaticElementInteractions: focusout from the inputs inside, not an interaction of its own.
              <div
                key={question.id}
                data-question-id={question.id}
                onBlur={
                  question.type === 'image' || question.type === 'video'
                    ? undefined
                    : blurHandler(question.id)
                }
              >
                <QuestionField question={question} error={errors[question.id]} ctx={ctx} />
              </div>
            ))}
          </section>
        )
      })}

      {definition.consent ? (
        <ConsentBlock
          consent={definition.consent}
          language={language}
          messages={messages}
          checked={consent}
          onChange={onConsentChange}
          error={errors[CONSENT_FIELD]}
          disabled={disabled}
          headingTag={SectionTag}
          idPrefix={idPrefix}
        />
      ) : null}
    </div>
  )
}

/** FORM-9: the terms (text and/or a link) and the box residents tick to agree. */
function ConsentBlock({
  consent,
  language,
  messages,
  checked,
  onChange,
  error,
  disabled,
  headingTag: Heading,
  idPrefix,
}: {
  consent: Consent
  language: string
  messages: FormUiMessages
  checked: boolean
  onChange: (checked: boolean) => void
  error: string | undefined
  disabled: boolean
  headingTag: HeadingTag
  idPrefix: string
}) {
  const id = questionFieldId(CONSENT_FIELD, idPrefix)
  const headingId = `${id}-heading`
  const errorId = `${id}-error`
  const text = localize(consent.text, language)
  const linkLabel = localize(consent.linkLabel, language) || messages.openLink
  return (
    <section aria-labelledby={headingId} style={{ ...card, ...stack(12) }}>
      <Heading
        id={headingId}
        style={{ margin: 0, fontSize: '1.125rem', lineHeight: lh(1.5), fontWeight: 700 }}
      >
        <FormText text={messages.consentHeading} />
      </Heading>
      {text ? (
        // Terms can be long: they scroll inside a box so the checkbox stays close.
        <div
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
          tabIndex={0}
          style={{
            ...prose,
            maxHeight: '14rem',
            overflowY: 'auto',
            padding: 12,
            lineHeight: lh(1.7),
            fontSize: '0.9375rem',
            background: colors.page,
            borderRadius: 8,
          }}
        >
          <FormText text={text} />
        </div>
      ) : null}
      {consent.linkUrl ? (
        <a
          href={consent.linkUrl}
          target="_blank"
          rel="noopener noreferrer"
          style={{
            display: 'inline-flex',
            alignItems: 'center',
            gap: 6,
            minHeight: 44,
            color: 'var(--mantine-color-anchor)',
            fontWeight: 600,
            textDecoration: 'underline',
            overflowWrap: 'anywhere',
          }}
        >
          <FormText text={linkLabel} />
          <IconExternalLink size={18} aria-hidden="true" style={{ flex: 'none' }} />
          <span style={visuallyHidden}>{stripFurigana(messages.opensInNewTab)}</span>
        </a>
      ) : null}
      <div>
        <label htmlFor={id} style={choiceRow(checked, disabled)}>
          <input
            id={id}
            type="checkbox"
            checked={checked}
            disabled={disabled}
            aria-required="true"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => onChange(event.currentTarget.checked)}
            style={choiceInput}
          />
          <span style={{ minWidth: 0, overflowWrap: 'anywhere', fontWeight: 600 }}>
            <FormText text={localize(consent.checkboxLabel, language)} />{' '}
            <RequirementBadge isRequired messages={messages} />
          </span>
        </label>
        {error ? (
          <p
            id={errorId}
            style={{ margin: '6px 0 0', fontSize: '0.9375rem', lineHeight: lh(1.5), color: colors.error }}
          >
            {errorNode(error)}
          </p>
        ) : null}
      </div>
    </section>
  )
}
