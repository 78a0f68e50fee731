import { useRouteLoaderData } from '@remix-run/react'
import type { loader } from '~/routes/_app.forms.$formId.tsx'

/**
 * The form layout route's data for its tab pages. Kept out of the route module itself: importing
 * a route module from another route would pull its server code (loader, tRPC) into the browser.
 */
export const FORM_ROUTE_ID = 'routes/_app.forms.$formId'

export type FormRouteData = Awaited<ReturnType<typeof loader>>
export type LoadedForm = NonNullable<FormRouteData['form']>

export function useFormRouteData(): FormRouteData {
  const data = useRouteLoaderData<typeof loader>(FORM_ROUTE_ID)
  if (!data) throw new Error('useFormRouteData outside the form route')
  return data as FormRouteData
}
