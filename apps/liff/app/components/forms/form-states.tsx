import { type FormDefinition, localize } from '@kairan/forms'
import { AnswerSummary, FormText, type UploadedFile } from '@kairan/forms/react'
import { Button } from '@mantine/core'
import { Link } from '@remix-run/react'
import { IconCircleCheck, IconClock } from '@tabler/icons-react'
import type { FormPageData } from '~/routes/c.$channelId.forms.$formId.tsx'
import { useText } from '../../lib/text.tsx'
import { ActionBar } from './action-bar.tsx'

export type ResidentForm = FormPageData['form']
export type MyResponse = ResidentForm['myResponses'][number]

const filesById = (files: UploadedFile[]) => Object.fromEntries(files.map((file) => [file.id, file]))

/** The heading each screen of the form starts with; focused when the screen changes. */
export function StageHeading({ children, id }: { children: React.ReactNode; id: string }) {
  return (
    <h2 id={id} className="k-heading k-stage-heading" tabIndex={-1} data-stage-heading>
      {children}
    </h2>
  )
}

/** Link back to My page, where the resident's other forms are. */
export function MyPageLink({
  channelId,
  variant = 'default',
}: {
  channelId: string
  variant?: 'default' | 'filled'
}) {
  const { text } = useText()
  return (
    <Button component={Link} to={`/c/${channelId}`} size="lg" fullWidth variant={variant}>
      {text('forms.toMyPage')}
    </Button>
  )
}

/** One answer, as the confirmation screen shows it (files shown from the resident's file route). */
export function ResponseSummary({
  definition,
  language,
  response,
  fileUrl,
}: {
  definition: FormDefinition
  language: string
  response: MyResponse
  fileUrl: (uploadId: string) => string
}) {
  return (
    <AnswerSummary
      definition={definition}
      language={language}
      answers={response.answers}
      files={filesById(response.files)}
      fileUrl={fileUrl}
    />
  )
}

/** Earlier answers of an "every submission is a new answer" form, newest first, each expandable. */
export function PastAnswers(props: {
  definition: FormDefinition
  language: string
  responses: MyResponse[]
  fileUrl: (uploadId: string) => string
}) {
  const { text } = useText()
  return (
    <section className="k-stack-sm" aria-labelledby="past-answers">
      <h2 id="past-answers" className="k-heading">
        {text('forms.pastAnswers')}
      </h2>
      {props.responses.length === 0 ? (
        <p className="k-muted">{text('forms.noPastAnswers')}</p>
      ) : (
        <ul className="k-answer-list">
          {props.responses.map((response) => (
            <li key={response.id}>
              <details className="k-answer">
                <summary className="k-answer-summary">
                  {text('forms.pastAnswer', { date: response.submittedAt })}
                </summary>
                <div className="k-answer-body">
                  <ResponseSummary {...props} response={response} />
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** A single-answer form already answered: when, what, and (while it accepts answers) a way to change it. */
export function AnsweredOverview(props: {
  definition: FormDefinition
  language: string
  response: MyResponse
  fileUrl: (uploadId: string) => string
  onEdit: (() => void) | null
}) {
  const { text } = useText()
  const { response, onEdit } = props
  return (
    <>
      <section className="k-card k-stack-sm" aria-labelledby="answered">
        <div className="k-status k-status-ok">
          <IconCircleCheck aria-hidden="true" size={28} stroke={1.8} />
          <div>
            <StageHeading id="answered">{text('forms.answeredTitle')}</StageHeading>
            <p>{text('forms.answeredOn', { date: response.submittedAt })}</p>
            {response.editedAt ? <p>{text('forms.editedOn', { date: response.editedAt })}</p> : null}
          </div>
        </div>
        <ResponseSummary {...props} />
      </section>
      {onEdit ? (
        <ActionBar>
          <Button size="lg" fullWidth onClick={onEdit}>
            {text('forms.edit')}
          </Button>
        </ActionBar>
      ) : null}
    </>
  )
}

/** Why the form takes no answers now (not open yet, closed, full), with what the resident sent. */
export function FormUnavailable(props: {
  channelId: string
  form: ResidentForm
  definition: FormDefinition
  language: string
  fileUrl: (uploadId: string) => string
}) {
  const { text } = useText()
  const { form } = props
  const kind =
    form.status === 'not_open_yet' ? 'notOpen' : form.status === 'limit_reached' ? 'limit' : 'closed'
  const latest = form.myResponses[0]
  return (
    <>
      <section className="k-card" aria-labelledby="form-state">
        <div className="k-status k-status-hint">
          <IconClock aria-hidden="true" size={28} stroke={1.8} />
          <div>
            <StageHeading id="form-state">{text(`forms.${kind}Title`)}</StageHeading>
            <p>
              {kind !== 'notOpen'
                ? text(`forms.${kind}Description`)
                : form.opensAt
                  ? text('forms.notOpenDescription', { date: form.opensAt })
                  : text('forms.notOpenSoon')}
            </p>
          </div>
        </div>
      </section>
      {form.answerMode === 'single' && latest ? (
        <section className="k-card k-stack-sm" aria-labelledby="your-answers">
          <h2 id="your-answers" className="k-heading">
            {text('forms.yourAnswers')}
          </h2>
          <p className="k-muted">{text('forms.answeredOn', { date: latest.submittedAt })}</p>
          <ResponseSummary {...props} response={latest} />
        </section>
      ) : null}
      {form.answerMode === 'multiple' && form.myResponses.length > 0 ? (
        <PastAnswers {...props} responses={form.myResponses} />
      ) : null}
      <MyPageLink channelId={props.channelId} />
    </>
  )
}

/** After sending: the form's own thank-you text (or ours), the LINE receipt note, and where to go next. */
export function ThankYou(props: {
  channelId: string
  definition: FormDefinition
  language: string
  isEdited: boolean
  sendsReceipt: boolean
  onAnswerAgain: (() => void) | null
}) {
  const { text } = useText()
  const own = localize(props.definition.thankYou, props.language)
  return (
    <section className="k-card k-stack-sm k-thanks" aria-labelledby="thanks" aria-live="polite">
      <IconCircleCheck aria-hidden="true" size={48} stroke={1.6} className="k-thanks-icon" />
      <StageHeading id="thanks">
        {text(props.isEdited ? 'forms.editedTitle' : 'forms.thankYouTitle')}
      </StageHeading>
      <p className="k-prose">{own ? <FormText text={own} /> : text('forms.thankYouDefault')}</p>
      {props.sendsReceipt ? <p>{text('forms.receiptNote')}</p> : null}
      <div className="k-stack-sm k-thanks-actions">
        <MyPageLink channelId={props.channelId} variant="filled" />
        {props.onAnswerAgain ? (
          <Button size="lg" fullWidth variant="default" onClick={props.onAnswerAgain}>
            {text('forms.answerAgain')}
          </Button>
        ) : null}
      </div>
    </section>
  )
}
