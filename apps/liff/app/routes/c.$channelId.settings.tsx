import { Button } from '@mantine/core'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useFetcher, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { IconChevronLeft, IconChevronRight, IconCircleCheck } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { citizenCaller, requireChannel } from '~/.server/citizen.server.ts'
import { type FormFailure, requireResident, toFormFailure } from '~/.server/forms.server.ts'
import { ErrorView } from '~/components/error-view.tsx'
import { ActionBar } from '~/components/forms/action-bar.tsx'
import { useText } from '~/lib/text.tsx'
import type { ChannelLayoutData } from './c.$channelId.tsx'

/** The resident's attributes in their language, with the options and what they chose. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  const channel = requireChannel(context, params)
  if (!context.citizen) return null
  const settings = await citizenCaller(context, channel).mySettings.get()
  return {
    attributes: settings.attributes.map((a) => ({
      key: a.key,
      kind: a.kind,
      label: a.label,
      options: a.options,
      values: a.values,
    })),
    profileFormId: settings.profileFormId,
  }
}

export type SettingsResult = { ok: true } | FormFailure

/**
 * POST JSON `{ values: { [key]: string[] } }`: saves the resident's choices (`mySettings.update`,
 * which checks them against the attributes). Refusals come back with `fields` (`values.<key>`).
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { channel, citizen } = requireResident(context, params)
  const fail = (failure: FormFailure) => Response.json(failure, { status: failure.status })
  if (!citizen) return fail({ ok: false, key: 'errors.unauthenticated', status: 401 })
  let body: { values?: unknown }
  try {
    body = (await request.json()) as typeof body
  } catch {
    return fail({ ok: false, key: 'errors.invalid_input', status: 400 })
  }
  try {
    await citizenCaller(context, channel).mySettings.update({
      values: (body?.values ?? {}) as Record<string, string[]>,
    })
    return Response.json({ ok: true })
  } catch (error) {
    return fail(toFormFailure(error, context))
  }
}

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m.id === 'root')?.data as { messages?: { settings: { title: string } } }
  const layout = matches.find((m) => m.id === 'routes/c.$channelId')?.data as ChannelLayoutData | undefined
  const title = (root?.messages?.settings.title ?? '').replace(/\{([^{}|]+)\|[^{}|]+\}/g, '$1')
  return [{ title: [title, layout?.channel.name].filter(Boolean).join(' | ') }]
}

type Attribute = NonNullable<Awaited<ReturnType<typeof loader>>>['attributes'][number]
type Choices = Record<string, string[]>

const choicesOf = (attributes: Attribute[]): Choices =>
  Object.fromEntries(attributes.map((a) => [a.key, a.values]))

/** How long the "saved" toast stays on screen. */
const TOAST_MS = 4000

/**
 * わたしの設定 (SEG-4): each attribute the city defined as large radio (one) or checkbox (several)
 * cards, and one save button in the sticky bar at the bottom, within reach of the thumb.
 */
export default function MySettingsPage() {
  const layout = useRouteLoaderData<ChannelLayoutData>('routes/c.$channelId')
  const data = useLoaderData<typeof loader>()
  const { text, plain } = useText()
  const fetcher = useFetcher<SettingsResult>()
  const saved = data ? choicesOf(data.attributes) : {}
  const savedJson = JSON.stringify(saved)
  const [choices, setChoices] = useState<Choices>(saved)
  // A reload after saving (or a language change) brings the saved values: start from them again.
  useEffect(() => setChoices(JSON.parse(savedJson) as Choices), [savedJson])
  const [toast, setToast] = useState(false)
  const handled = useRef<unknown>(null)
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data || handled.current === fetcher.data) return
    handled.current = fetcher.data
    if (!fetcher.data.ok) return
    setToast(true)
    const timer = setTimeout(() => setToast(false), TOAST_MS)
    return () => clearTimeout(timer)
  }, [fetcher.state, fetcher.data])
  if (!data || !layout?.profile) return null
  const { channel } = layout
  const isSaving = fetcher.state !== 'idle'
  const failure = !isSaving && fetcher.data && !fetcher.data.ok ? fetcher.data : null
  const isDirty = JSON.stringify(choices) !== savedJson
  const fieldError = (key: string) => failure?.fields?.[`values.${key}`]

  const choose = (attribute: Attribute, value: string, checked: boolean) => {
    setToast(false)
    setChoices((current) => {
      const held = current[attribute.key] ?? []
      if (attribute.kind === 'single') return { ...current, [attribute.key]: value === '' ? [] : [value] }
      const next = checked ? [...held, value] : held.filter((v) => v !== value)
      // Keep the options' order, whatever the order of taps.
      return {
        ...current,
        [attribute.key]: attribute.options.map((o) => o.value).filter((v) => next.includes(v)),
      }
    })
  }
  const save = () => {
    // Only what changed is sent: keys left alone stay as they are on the server.
    const changed = Object.fromEntries(
      Object.entries(choices).filter(
        ([key, values]) => JSON.stringify(values) !== JSON.stringify(saved[key] ?? []),
      ),
    )
    fetcher.submit({ values: changed }, { method: 'post', encType: 'application/json' })
  }

  return (
    <div className="k-stack">
      <Link
        className="k-muted"
        to={`/c/${channel.id}`}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
      >
        <IconChevronLeft aria-hidden="true" size={18} />
        {text('settings.back')}
      </Link>
      <h1 className="k-title">{text('settings.title')}</h1>
      <p>{text('settings.description')}</p>

      {data.attributes.length === 0 ? (
        <section className="k-card">
          <p className="k-muted">{text('settings.empty')}</p>
        </section>
      ) : (
        <form
          noValidate
          className="k-stack"
          data-testid="my-settings-form"
          onSubmit={(event) => {
            event.preventDefault()
            save()
          }}
        >
          {data.attributes.map((attribute) => {
            const held = choices[attribute.key] ?? []
            const error = fieldError(attribute.key)
            const headingId = `attr-${attribute.key}`
            const hintId = `attr-${attribute.key}-hint`
            const errorId = `attr-${attribute.key}-error`
            const isSingle = attribute.kind === 'single'
            const options = isSingle
              ? [...attribute.options, { value: '', label: plain('settings.none') }]
              : attribute.options
            return (
              <section
                key={attribute.key}
                className="k-card"
                aria-labelledby={headingId}
                data-attribute-key={attribute.key}
              >
                <h2 id={headingId} className="k-heading">
                  {attribute.label}
                </h2>
                <p id={hintId} className="k-muted">
                  {text(isSingle ? 'settings.chooseOne' : 'settings.chooseMany')}
                </p>
                <fieldset
                  className="k-radio-cards"
                  aria-labelledby={headingId}
                  aria-describedby={error ? `${hintId} ${errorId}` : hintId}
                  aria-invalid={error ? true : undefined}
                >
                  {options.map((option) => {
                    const isChecked = option.value === '' ? held.length === 0 : held.includes(option.value)
                    return (
                      <label
                        key={option.value || '(none)'}
                        className="k-radio-card"
                        data-checked={isChecked || undefined}
                      >
                        <input
                          type={isSingle ? 'radio' : 'checkbox'}
                          name={attribute.key}
                          value={option.value}
                          checked={isChecked}
                          onChange={(e) => choose(attribute, option.value, e.currentTarget.checked)}
                        />
                        <span className="k-radio-card-text">
                          <span className="k-radio-card-name">{option.label}</span>
                        </span>
                      </label>
                    )
                  })}
                </fieldset>
                {error ? (
                  <p id={errorId} className="k-actionbar-notice" style={{ marginTop: 8 }}>
                    {text('settings.fieldInvalid')}
                  </p>
                ) : null}
              </section>
            )
          })}

          {data.profileFormId ? (
            <Link className="k-form-link" to={`/c/${channel.id}/forms/${data.profileFormId}`}>
              <span className="k-form-link-text">
                <span className="k-form-link-title">{text('settings.profileForm')}</span>
              </span>
              <IconChevronRight aria-hidden="true" size={22} className="k-form-link-icon" />
            </Link>
          ) : null}

          <p className="k-muted">{text('settings.privacy', { account: channel.name })}</p>

          <ActionBar
            notice={
              failure ? (
                <p className="k-actionbar-notice" role="alert">
                  {text(failure.key)}
                </p>
              ) : isDirty ? (
                <p className="k-muted">{text('settings.unsaved')}</p>
              ) : null
            }
          >
            <Button
              type="submit"
              size="lg"
              fullWidth
              disabled={!isDirty && !isSaving}
              loading={isSaving}
              data-testid="my-settings-save"
            >
              {isSaving ? text('settings.saving') : text('settings.save')}
            </Button>
          </ActionBar>
        </form>
      )}

      <div
        role="status"
        aria-live="polite"
        data-testid="my-settings-toast"
        style={
          toast
            ? {
                position: 'fixed',
                left: 16,
                right: 16,
                bottom: 'calc(96px + env(safe-area-inset-bottom))',
                zIndex: 20,
                maxWidth: '36rem',
                margin: '0 auto',
                display: 'flex',
                alignItems: 'center',
                gap: 10,
                padding: '12px 16px',
                borderRadius: 12,
                background: '#212529',
                color: '#fff',
                fontWeight: 700,
                boxShadow: '0 4px 16px rgb(0 0 0 / 25%)',
              }
            : { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)' }
        }
      >
        {toast ? (
          <>
            <IconCircleCheck aria-hidden="true" size={22} color="#63e6be" />
            <span>{text('settings.saved')}</span>
          </>
        ) : null}
      </div>
    </div>
  )
}

/** A failure inside My settings keeps the header (and its language menu). */
export function ErrorBoundary() {
  return <ErrorView />
}
