import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import {
  actionResponse,
  LAST_TENANT_COOKIE,
  requireSignedIn,
  runAction,
  staffCaller,
} from '~/.server/staff.server.ts'

/** POST /switch: the header's tenant and channel selectors. */
export async function action({ context, request }: ActionFunctionArgs) {
  requireSignedIn(context, request)
  const form = await request.formData()
  const caller = staffCaller(context)
  if (form.get('intent') === 'switchTenant') {
    const tenantId = String(form.get('tenantId'))
    const result = await runAction(() => caller.me.switchTenant({ tenantId }))
    if (!result.ok) return actionResponse(result)
    // Every page of the old tenant is meaningless in the new one: start from home.
    return redirect('/', {
      headers: {
        'Set-Cookie': `${LAST_TENANT_COOKIE}=${tenantId}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly`,
      },
    })
  }
  const result = await runAction(() => caller.me.switchChannel({ channelId: String(form.get('channelId')) }))
  return actionResponse(result)
}

export function loader() {
  return redirect('/')
}
