import { type ReactNode, useId } from 'react'

export type PhoneFrameProps = {
  children: ReactNode
  /** A title bar like the LIFF page header (the account or form name). */
  title?: ReactNode
  /** The screen's width in CSS pixels; 375 is a common phone. The bezel adds 24. */
  width?: number
  /** The screen's height; the content scrolls inside it. */
  height?: number | string
  /**
   * The accessible name of the frame ("スマートフォンでの表示" / "Phone preview"). Without it the
   * title names it; with neither, the frame is not announced as a region.
   */
  label?: string
}

const BEZEL = 12

/**
 * A phone-shaped frame for previews in the admin (the form builder's live preview): a rounded
 * bezel around a screen of phone width whose content scrolls, on the LIFF pages' grey page
 * background, optionally under a white title bar like the LIFF header. The content is not padded:
 * give it the page's own padding (16 px at the sides on LIFF pages).
 */
export function PhoneFrame({ children, title, width = 375, height = 700, label }: PhoneFrameProps) {
  const titleId = useId()
  // A named <section> is a region landmark; unnamed, it is just a box.
  return (
    <section
      aria-label={label}
      aria-labelledby={!label && title !== undefined ? titleId : undefined}
      style={{
        boxSizing: 'content-box',
        width,
        maxWidth: `calc(100% - ${2 * BEZEL}px)`,
        padding: BEZEL,
        borderRadius: 44,
        background: '#1f2328',
        boxShadow: '0 12px 32px rgb(0 0 0 / 18%), inset 0 0 0 2px #3a3f45',
      }}
    >
      <div
        style={{
          display: 'flex',
          flexDirection: 'column',
          height,
          overflow: 'hidden',
          borderRadius: 32,
          background: 'var(--mantine-color-gray-1)',
          color: 'var(--mantine-color-gray-9)',
        }}
      >
        {/* The status bar and the camera notch: decoration only. */}
        <div
          aria-hidden="true"
          style={{ flex: 'none', height: 28, background: '#fff', position: 'relative' }}
        >
          <span
            style={{
              position: 'absolute',
              top: 8,
              left: '50%',
              width: 88,
              height: 14,
              marginLeft: -44,
              borderRadius: 7,
              background: '#1f2328',
            }}
          />
        </div>
        {title !== undefined ? (
          <div
            id={titleId}
            style={{
              flex: 'none',
              display: 'flex',
              alignItems: 'center',
              minHeight: 48,
              padding: '8px 16px',
              background: '#fff',
              borderBottom: '1px solid var(--mantine-color-gray-3)',
              fontWeight: 700,
              overflowWrap: 'anywhere',
            }}
          >
            {title}
          </div>
        ) : null}
        <div
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable area must be reachable by keyboard.
          tabIndex={0}
          style={{
            flex: '1 1 auto',
            minHeight: 0,
            overflowY: 'auto',
            overscrollBehavior: 'contain',
          }}
        >
          {children}
        </div>
      </div>
    </section>
  )
}
