import { signOut } from '@kairan/core'
import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { clearSessionCookie } from '~/.server/staff.server.ts'

/** POST /logout: ends the session (logged) and forgets the cookie. */
export async function action({ context }: ActionFunctionArgs) {
  await signOut({
    db: context.db,
    request: { ip: context.clientIp, userAgent: context.userAgent },
    token: context.sessionToken,
  })
  return redirect('/login', { headers: { 'Set-Cookie': clearSessionCookie(context) } })
}

export function loader() {
  return redirect('/')
}
