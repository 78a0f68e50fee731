import { CONSENT_FIELD, type FieldErrors } from '@kairan/forms'
import { questionFieldId } from '@kairan/forms/react'
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react'

/** Scrolls an element to the middle of the screen (above the sticky buttons) and focuses it. */
function reveal(element: HTMLElement) {
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches
  element.scrollIntoView({ block: 'center', behavior: reduced ? 'auto' : 'smooth' })
  element.focus({ preventScroll: true })
}

/**
 * After "Review" (or the server) found errors: once the errors are on screen, the first question
 * with one, in page order, is scrolled to and its field focused, so a screen reader reads its
 * message and a thumb can fix it at once; the consent box comes last. Returns the function that
 * asks for it, given the errors by question id.
 */
export function useFirstErrorFocus(container: RefObject<HTMLElement | null>): (errors: FieldErrors) => void {
  const [request, setRequest] = useState<{ ids: ReadonlySet<string> } | null>(null)
  useEffect(() => {
    const root = container.current
    if (!request || !root) return
    const wrappers = Array.from(root.querySelectorAll<HTMLElement>('[data-question-id]'))
    const wrapper = wrappers.find((w) => request.ids.has(w.dataset.questionId ?? ''))
    const target = wrapper
      ? (wrapper.querySelector<HTMLElement>('[aria-invalid="true"]') ??
        wrapper.querySelector<HTMLElement>('[role="group"], [role="radiogroup"]') ??
        wrapper.querySelector<HTMLElement>('input:not([type="file"]), textarea, select, button'))
      : request.ids.has(CONSENT_FIELD)
        ? document.getElementById(questionFieldId(CONSENT_FIELD))
        : null
    if (target) reveal(target)
  }, [request, container])
  return useCallback((errors: FieldErrors) => setRequest({ ids: new Set(Object.keys(errors)) }), [])
}

/**
 * When the screen changes (answering → checking → sent), the new screen's heading gets focus and
 * the page starts at the top, so the change is announced and nothing is left scrolled away.
 */
export function useStageFocus(container: RefObject<HTMLElement | null>, stage: string) {
  const isFirst = useRef(true)
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the screen (`stage`) changes.
  useEffect(() => {
    if (isFirst.current) {
      isFirst.current = false
      return
    }
    window.scrollTo({ top: 0 })
    // The screen's own heading, else (answering) the form's title, made focusable for this.
    const heading =
      container.current?.querySelector<HTMLElement>('[data-stage-heading]') ??
      container.current?.querySelector<HTMLElement>('h1')
    if (heading && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
    heading?.focus({ preventScroll: true })
  }, [stage, container])
}

/** Asks before the page is left (reload, closing the tab) while answers are unsent. */
export function useLeaveWarning(hasUnsentAnswers: boolean) {
  useEffect(() => {
    if (!hasUnsentAnswers) return
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault()
    }
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [hasUnsentAnswers])
}

/**
 * Runs a task once the pointer that may have caused it is released and its click has landed.
 * Validation on blur shows an error message, which moves everything below it down; done at once,
 * the radio button or checkbox just tapped moves away before the tap ends, and the tap is lost.
 */
export function useAfterPointerRelease(): (task: () => void) => void {
  const isPointerDown = useRef(false)
  const queued = useRef<(() => void)[]>([])
  const runQueued = useRef(() => {
    const tasks = queued.current
    queued.current = []
    for (const task of tasks) task()
  })
  useEffect(() => {
    const down = () => {
      isPointerDown.current = true
    }
    // After the click that follows pointerup.
    const up = () => {
      isPointerDown.current = false
      setTimeout(runQueued.current, 0)
    }
    document.addEventListener('pointerdown', down, true)
    document.addEventListener('pointerup', up, true)
    document.addEventListener('pointercancel', up, true)
    return () => {
      document.removeEventListener('pointerdown', down, true)
      document.removeEventListener('pointerup', up, true)
      document.removeEventListener('pointercancel', up, true)
    }
  }, [])
  return useCallback((task: () => void) => {
    queued.current.push(task)
    // Keyboard, or a tap whose pointerup came first (touch): still after this event's click.
    if (!isPointerDown.current) setTimeout(runQueued.current, 0)
  }, [])
}
