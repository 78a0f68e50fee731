import { LanguageMenu } from './language-menu.tsx'

/** The small page header: the city's account name and the language menu. */
export function SiteHeader({ channelId, channelName }: { channelId: string; channelName: string }) {
  return (
    <header className="k-header">
      <p className="k-header-name">{channelName}</p>
      <LanguageMenu channelId={channelId} />
    </header>
  )
}
