import { type Answers, type FieldErrors, localize, validateAnswer, validateSubmission } from '@kairan/forms'
import { AnswerSummary, FormText, FormView, type UploadedFile } from '@kairan/forms/react'
import type { ResidentLanguage } from '@kairan/i18n'
import { Button } from '@mantine/core'
import { useRevalidator } from '@remix-run/react'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { SubmitResult } from '~/routes/c.$channelId.forms.$formId.submit.tsx'
import { useText } from '../../lib/text.tsx'
import { ActionBar } from './action-bar.tsx'
import {
  AnsweredOverview,
  FormUnavailable,
  PastAnswers,
  type ResidentForm,
  StageHeading,
  ThankYou,
} from './form-states.tsx'
import { type Draft, draftFromAnswer, emptyDraft } from './prefill.ts'
import { createFormUploader } from './uploader.ts'
import {
  useAfterPointerRelease,
  useFirstErrorFocus,
  useLeaveWarning,
  useStageFocus,
} from './use-form-focus.ts'

/**
 * The screens of one visit: what was sent before (overview), answering, checking, sent. The
 * answers being typed live here, so switching the page's language (which reloads the page's data)
 * keeps them.
 */
type Stage =
  | { kind: 'overview' }
  | { kind: 'editing'; responseId: string | null }
  | { kind: 'confirming'; responseId: string | null; answers: Answers }
  | { kind: 'done'; isEdited: boolean }

/**
 * The resident's form page: the form in their language (the form's texts fall back to Japanese),
 * checked as they go by the same validator the server runs, a confirmation screen, and the
 * answer sent through the submit route. Single-answer forms show the answer given and let the
 * resident change it; "every submission" forms list what was sent and start a new answer.
 */
export function FormPage({
  channelId,
  form,
  language,
}: {
  channelId: string
  form: ResidentForm
  language: ResidentLanguage
}) {
  const { text, plain } = useText()
  const { version } = form
  const definition = version.definition
  const [stage, setStage] = useState<Stage>(() =>
    form.myResponses.length > 0 ? { kind: 'overview' } : { kind: 'editing', responseId: null },
  )
  const [draft, setDraft] = useState<Draft>(emptyDraft)
  const latestValues = useRef(draft.values)
  latestValues.current = draft.values
  const [errors, setErrors] = useState<FieldErrors>({})
  const [isOldVersion, setIsOldVersion] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const [isSending, setIsSending] = useState(false)
  const isSendingNow = useRef(false)
  const submissionKey = useRef<string | null>(null)
  const revalidator = useRevalidator()
  const container = useRef<HTMLDivElement>(null)
  const focusFirstError = useFirstErrorFocus(container)
  useStageFocus(container, stage.kind)

  const [uploadsInFlight, setUploadsInFlight] = useState(0)
  const [isWaitingForUploads, setIsWaitingForUploads] = useState(false)
  const uploader = useMemo(
    () =>
      createFormUploader({
        channelId,
        formId: form.id,
        versionId: version.id,
        translate: plain,
        onBusyChange: (change) => setUploadsInFlight((n) => n + change),
      }),
    [channelId, form.id, version.id, plain],
  )
  useEffect(() => {
    if (uploadsInFlight === 0) setIsWaitingForUploads(false)
  }, [uploadsInFlight])
  const lookupPostalCode = useCallback(
    async (code: string) => {
      const res = await fetch(`/c/${channelId}/postal/${encodeURIComponent(code)}`)
      if (res.status === 404) return null
      if (!res.ok) throw new Error(`postal lookup failed: ${res.status}`)
      const body = (await res.json()) as { address?: unknown }
      return typeof body.address === 'string' ? { address: body.address } : null
    },
    [channelId],
  )

  const isDirty = stage.kind === 'editing' || stage.kind === 'confirming'
  useLeaveWarning(isDirty && (Object.keys(draft.values).length > 0 || draft.consent))

  // Messages shown follow a language switch; server-only ones (a file not accepted) stay as they are.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the language changes.
  useEffect(() => {
    if (Object.keys(errors).length === 0) return
    const result = validateSubmission(
      definition,
      { answers: draft.values, consent: draft.consent },
      { language },
    )
    if (result.ok) return
    setErrors((current) =>
      Object.fromEntries(Object.entries(current).map(([id, message]) => [id, result.errors[id] ?? message])),
    )
  }, [language])

  /** One question checked again; with `onlyIfShown`, only when it already shows an error. */
  const revalidateField = (questionId: string, values: Draft['values'], onlyIfShown: boolean) => {
    const result = validateAnswer(definition, questionId, values, { language })
    setErrors((current) => {
      if (onlyIfShown && !(questionId in current)) return current
      const { [questionId]: _, ...rest } = current
      return result.ok ? rest : { ...rest, [questionId]: result.error }
    })
  }
  const afterPointerRelease = useAfterPointerRelease()

  const startAnswer = (response: ResidentForm['myResponses'][number] | null) => {
    submissionKey.current = null
    setDraft(response ? draftFromAnswer(definition, version.id, response) : emptyDraft())
    setIsOldVersion(response !== null && response.formVersionId !== version.id)
    setErrors({})
    setFailure(null)
    setStage({ kind: 'editing', responseId: response?.id ?? null })
  }

  const toConfirmation = () => {
    if (stage.kind !== 'editing') return
    // A file still on its way is not part of the answers yet.
    if (uploadsInFlight > 0) {
      setIsWaitingForUploads(true)
      return
    }
    const result = validateSubmission(
      definition,
      { answers: draft.values, consent: draft.consent },
      { language },
    )
    if (!result.ok) {
      setErrors(result.errors)
      focusFirstError(result.errors)
      return
    }
    setErrors({})
    setFailure(null)
    setStage({ kind: 'confirming', responseId: stage.responseId, answers: result.answers })
  }

  const send = async () => {
    if (stage.kind !== 'confirming' || isSendingNow.current) return
    // Taps arriving before React re-renders the disabled button still stop here.
    isSendingNow.current = true
    setIsSending(true)
    setFailure(null)
    // One key per new answer, kept across retries: a retry after a lost reply finds the stored answer.
    submissionKey.current ??= globalThis.crypto?.randomUUID?.() ?? null
    const result = await postAnswer(channelId, form.id, {
      versionId: version.id,
      responseId: stage.responseId ?? undefined,
      submissionKey: submissionKey.current ?? undefined,
      answers: draft.values,
      consent: draft.consent,
    })
    isSendingNow.current = false
    setIsSending(false)
    if (result.ok) {
      submissionKey.current = null
      setStage({ kind: 'done', isEdited: result.edited })
      setDraft(emptyDraft())
      revalidator.revalidate()
    } else if (result.fields) {
      setErrors(result.fields)
      setStage({ kind: 'editing', responseId: stage.responseId })
      focusFirstError(result.fields)
    } else {
      setFailure(result.key)
      // Closed or full meanwhile: the page's data shows it.
      if (result.status === 409) revalidator.revalidate()
    }
  }

  const canChangeAnswer =
    form.answerMode === 'single' &&
    form.myResponses.length > 0 &&
    (form.status === 'open' || form.status === 'limit_reached')
  const isAccepting = form.status === 'open' || canChangeAnswer

  let body: React.ReactNode
  if (stage.kind === 'done') {
    body = (
      <ThankYou
        channelId={channelId}
        definition={definition}
        language={language}
        isEdited={stage.isEdited}
        sendsReceipt={form.sendsReceipt}
        onAnswerAgain={
          form.answerMode === 'multiple' && form.status === 'open' ? () => startAnswer(null) : null
        }
      />
    )
  } else if (!isAccepting) {
    body = (
      <FormUnavailable
        channelId={channelId}
        form={form}
        definition={definition}
        language={language}
        fileUrl={uploader.fileUrl}
      />
    )
  } else if (stage.kind === 'overview') {
    const latest = form.myResponses[0]
    body =
      form.answerMode === 'single' && latest ? (
        <AnsweredOverview
          definition={definition}
          language={language}
          response={latest}
          fileUrl={uploader.fileUrl}
          onEdit={canChangeAnswer ? () => startAnswer(latest) : null}
        />
      ) : (
        <>
          <PastAnswers
            definition={definition}
            language={language}
            responses={form.myResponses}
            fileUrl={uploader.fileUrl}
          />
          <ActionBar>
            <Button size="lg" fullWidth onClick={() => startAnswer(null)}>
              {text('forms.newAnswer')}
            </Button>
          </ActionBar>
        </>
      )
  } else if (stage.kind === 'editing') {
    const errorCount = Object.keys(errors).length
    body = (
      <>
        {isOldVersion ? (
          <p className="k-note" role="note">
            {text('forms.versionChanged')}
          </p>
        ) : null}
        <FormView
          definition={definition}
          language={language}
          values={draft.values}
          onChange={(questionId, value) => {
            // A postal-code search changes two questions before the page re-renders: build on the latest.
            const values = { ...latestValues.current }
            if (value === undefined) delete values[questionId]
            else values[questionId] = value
            latestValues.current = values
            setDraft((current) => ({ ...current, values }))
            revalidateField(questionId, values, true)
          }}
          errors={errors}
          consent={draft.consent}
          onConsentChange={(consent) => {
            setDraft((current) => ({ ...current, consent }))
            if (consent) setErrors(({ __consent: _, ...rest }) => rest)
          }}
          uploader={uploader}
          files={draft.files}
          onFilesChange={(files: Record<string, UploadedFile>) =>
            setDraft((current) => ({ ...current, files }))
          }
          lookupPostalCode={lookupPostalCode}
          onBlurQuestion={(questionId) =>
            afterPointerRelease(() => {
              const values = latestValues.current
              const value = values[questionId]
              const isEmpty =
                value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
              // An empty field left behind is not an error yet: "required" waits for "Review".
              revalidateField(questionId, values, isEmpty)
            })
          }
        />
        <ActionBar
          notice={
            isWaitingForUploads ? (
              <p className="k-actionbar-notice" role="alert">
                {text('forms.uploadsPending')}
              </p>
            ) : errorCount > 0 ? (
              <p className="k-actionbar-notice" role="alert">
                {text('forms.errorCount', { count: errorCount })}
              </p>
            ) : null
          }
        >
          {stage.responseId ? (
            <Button size="lg" variant="default" onClick={() => setStage({ kind: 'overview' })}>
              {text('forms.cancelEdit')}
            </Button>
          ) : null}
          <Button size="lg" fullWidth onClick={toConfirmation}>
            {text('forms.toConfirm')}
          </Button>
        </ActionBar>
      </>
    )
  } else {
    body = (
      <>
        <section className="k-stack-sm" aria-labelledby="confirm">
          <StageHeading id="confirm">{text('forms.confirmTitle')}</StageHeading>
          <p>{text('forms.confirmDescription')}</p>
          <div className="k-card">
            <AnswerSummary
              definition={definition}
              language={language}
              answers={stage.answers}
              files={draft.files}
              fileUrl={uploader.fileUrl}
            />
          </div>
        </section>
        <ActionBar
          notice={
            <>
              {failure ? (
                <div className="k-alert" role="alert">
                  <IconAlertTriangle aria-hidden="true" size={24} stroke={1.8} />
                  <p>{text(failure)}</p>
                </div>
              ) : null}
              <p role="status" className="k-visually-hidden">
                {isSending ? plain('forms.sending') : ''}
              </p>
            </>
          }
        >
          <Button
            size="lg"
            variant="default"
            disabled={isSending}
            onClick={() => setStage({ kind: 'editing', responseId: stage.responseId })}
          >
            {text('forms.fix')}
          </Button>
          <Button size="lg" fullWidth loading={isSending} onClick={() => void send()}>
            {text('forms.send')}
          </Button>
        </ActionBar>
      </>
    )
  }

  const description = localize(definition.description, language)
  const deadline =
    form.closesAt && isAccepting && stage.kind !== 'done' ? (
      <p className="k-muted">{text('forms.deadline', { date: form.closesAt })}</p>
    ) : null
  return (
    <div className="k-stack k-form-page" ref={container}>
      {stage.kind === 'editing' && isAccepting ? (
        // The form itself shows its title and description (as on the admin's preview).
        deadline
      ) : (
        <header className="k-stack-sm">
          <h1 className="k-title">
            <FormText text={localize(definition.title, language)} />
          </h1>
          {description && stage.kind === 'overview' ? (
            <p className="k-prose">
              <FormText text={description} />
            </p>
          ) : null}
          {deadline}
        </header>
      )}
      {body}
    </div>
  )
}

/** The submit route's answer, or a failure that never reached it (key `errors.network`). */
type SendOutcome =
  | Extract<SubmitResult, { ok: true }>
  | { ok: false; key: string; status: number; fields?: Record<string, string> }

/** Sends the answers; network failures and unreadable answers become a failure to show, never a throw. */
async function postAnswer(
  channelId: string,
  formId: string,
  payload: {
    versionId: string
    responseId?: string
    submissionKey?: string
    answers: Draft['values']
    consent: boolean
  },
): Promise<SendOutcome> {
  let res: Response
  try {
    res = await fetch(`/c/${channelId}/forms/${formId}/submit`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    })
  } catch {
    return { ok: false, key: 'errors.network', status: 0 }
  }
  try {
    return (await res.json()) as SendOutcome
  } catch {
    return { ok: false, key: 'errors.internal', status: res.status }
  }
}
