import { type LocalizedText, localize } from '@kairan/forms'
import { FormText } from '@kairan/forms/react'
import { Link } from '@remix-run/react'
import { IconChevronRight } from '@tabler/icons-react'
import { useText } from '../../lib/text.tsx'

export type OpenFormItem = {
  id: string
  title: LocalizedText
  /** Already formatted in the page's language; null when the form has no deadline. */
  closesAt: string | null
  answerMode: 'single' | 'multiple'
  myResponseCount: number
}

/**
 * My page's "forms you can answer": each form's title (in the resident's language, else Japanese),
 * its deadline and whether the resident has answered, as one large link to the form.
 * `forms` is null when the list could not be loaded.
 */
export function OpenForms({
  channelId,
  language,
  forms,
}: {
  channelId: string
  language: string
  forms: OpenFormItem[] | null
}) {
  const { text } = useText()
  return (
    <section className="k-card" aria-labelledby="forms-heading">
      <h2 id="forms-heading" className="k-heading">
        {text('forms.listTitle')}
      </h2>
      {forms === null ? (
        <p className="k-muted">{text('errors.internal')}</p>
      ) : forms.length === 0 ? (
        <p className="k-muted">{text('forms.listEmpty')}</p>
      ) : (
        <ul className="k-form-list">
          {forms.map((form) => {
            const isAnswered = form.myResponseCount > 0
            return (
              <li key={form.id}>
                <Link className="k-form-link" to={`/c/${channelId}/forms/${form.id}`}>
                  <span className="k-form-link-text">
                    <span className="k-form-link-title">
                      <FormText text={localize(form.title, language)} />
                    </span>
                    <span className="k-form-link-meta">
                      <span className={isAnswered ? 'k-badge k-badge-done' : 'k-badge k-badge-todo'}>
                        {!isAnswered
                          ? text('forms.unanswered')
                          : form.answerMode === 'multiple'
                            ? text('forms.answeredTimes', { count: form.myResponseCount })
                            : text('forms.answered')}
                      </span>
                      {form.closesAt ? <span>{text('forms.closesAt', { date: form.closesAt })}</span> : null}
                    </span>
                  </span>
                  <IconChevronRight aria-hidden="true" size={22} className="k-form-link-icon" />
                </Link>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
