import type { CSSProperties } from 'react'

/*
 * Inline styles, so the renderer needs no stylesheet of its own in either app (see index.ts for
 * the Mantine stylesheets it does need). Colours are Mantine variables and meet
 * WCAG AA: text ≥ 4.5:1, control edges ≥ 3:1 on white.
 */
export const colors = {
  text: 'var(--mantine-color-gray-9)',
  muted: 'var(--mantine-color-gray-7)',
  border: 'var(--mantine-color-gray-6)',
  divider: 'var(--mantine-color-gray-3)',
  accent: 'var(--mantine-primary-color-filled)',
  accentSoft: 'var(--mantine-primary-color-light)',
  error: 'var(--mantine-color-red-9)',
  surface: 'var(--mantine-color-white)',
  page: 'var(--mantine-color-gray-1)',
} as const

/**
 * A text line height that grows to 2 in やさしい日本語, where furigana needs room above each line
 * (the form's root sets `--kf-ruby-lh`; see `rubyRoom`).
 */
export const lh = (base: number) => `var(--kf-ruby-lh, ${base})`

/** Root style for a language: room for furigana in やさしい日本語. */
export function rubyRoom(language: string): CSSProperties {
  return language === 'ja-easy' ? ({ '--kf-ruby-lh': '2' } as CSSProperties) : {}
}

export const card: CSSProperties = {
  padding: 16,
  background: colors.surface,
  border: `1px solid ${colors.divider}`,
  borderRadius: 12,
}

export const stack = (gap: number): CSSProperties => ({ display: 'flex', flexDirection: 'column', gap })

/** Multi-line texts written by staff keep their line breaks; long words and URLs wrap. */
export const prose: CSSProperties = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 }

export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
}

/** Label, help and error of every question (Mantine's input wrapper parts). */
export const wrapperStyles = {
  label: { fontWeight: 700, fontSize: '1rem', lineHeight: lh(1.6), marginBottom: 4 },
  description: { fontSize: '0.9375rem', lineHeight: lh(1.6), color: colors.muted, marginBottom: 8 },
  error: { fontSize: '0.9375rem', lineHeight: lh(1.5), color: colors.error, marginTop: 6 },
  // Inputs are Mantine's "lg" (50 px tall, a comfortable thumb target) with 16 px text, which
  // keeps iOS from zooming into the field. What was typed stays dark when the field has an error:
  // Mantine's red text there (red 6) is 3.3:1; the red border and message say it is wrong.
  input: { fontSize: '1rem', '--input-color': colors.text } as CSSProperties,
} satisfies Record<string, CSSProperties>

/** A whole-row choice (radio or checkbox) that is easy to hit with a thumb. */
export function choiceRow(isChecked: boolean, isDisabled: boolean): CSSProperties {
  return {
    display: 'flex',
    alignItems: 'center',
    gap: 12,
    minHeight: 52,
    // A thicker border when checked; the padding shrinks by the same pixel so nothing moves.
    padding: isChecked ? '9px 13px' : '10px 14px',
    border: isChecked ? `2px solid ${colors.accent}` : `1px solid ${colors.border}`,
    borderRadius: 12,
    background: isChecked ? colors.accentSoft : colors.surface,
    color: colors.text,
    fontSize: '1rem',
    lineHeight: lh(1.5),
    cursor: isDisabled ? 'not-allowed' : 'pointer',
    opacity: isDisabled && !isChecked ? 0.55 : 1,
  }
}

export const choiceInput: CSSProperties = {
  flex: 'none',
  width: 22,
  height: 22,
  margin: 0,
  accentColor: colors.accent,
  cursor: 'inherit',
}

/** A fieldset that only groups (its name comes from the question label via aria-labelledby). */
export const bareFieldset: CSSProperties = { margin: 0, padding: 0, border: 0, minWidth: 0 }
