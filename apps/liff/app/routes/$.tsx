/** Any address under /c/ that is no page: 404, shown by the root error boundary in the resident's language. */
export function loader(): never {
  throw new Response(null, { status: 404 })
}

export default function NotFound() {
  return null
}
