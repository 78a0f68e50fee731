import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireSignedIn, runAction, staffCaller } from '~/.server/staff.server.ts'

export type AttributeOptionsResult =
  | {
      ok: true
      data: {
        key: string
        kind: 'single' | 'multiple'
        label: Record<string, string>
        options: { id: string; label: Record<string, string> }[]
      }
    }
  | { ok: false; status: number; key: string }

/**
 * GET `/attributes/options?key=district`: a live attribute's options as form choice options (the
 * form builder's "属性から選択肢を読み込む"). Staff who edit forms may call it without managing
 * attributes; the procedure checks the permission.
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  requireSignedIn(context, request)
  const key = new URL(request.url).searchParams.get('key') ?? ''
  const result = await runAction(() => staffCaller(context).attributes.optionsForForm({ key }))
  if (result.ok) return Response.json(result)
  // 200 with ok:false: the builder shows the reason next to the button.
  return Response.json({ ok: false, status: result.status, key: result.key })
}
