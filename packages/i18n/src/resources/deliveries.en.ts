import type { AdminMessages } from './ja.ts'

export const deliveriesEn: AdminMessages['deliveries'] = {
  title: 'Message delivery',
}
