import type { ReactNode } from 'react'

/**
 * The form's main buttons at the bottom of the screen, within reach of the thumb: it sticks to the
 * bottom while the page scrolls and settles at the end of the page. Always rendered with its
 * buttons, so nothing jumps when it appears; `notice` (an error count…) sits above them.
 */
export function ActionBar({ children, notice }: { children: ReactNode; notice?: ReactNode }) {
  return (
    <div className="k-actionbar">
      {notice}
      <div className="k-actionbar-buttons">{children}</div>
    </div>
  )
}
