import type { AdminMessages } from './ja.ts'

export const formsEn: AdminMessages['forms'] = {
  title: 'Forms',
}
