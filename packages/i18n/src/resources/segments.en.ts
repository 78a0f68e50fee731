import type { AdminMessages } from './ja.ts'

export const segmentsEn: AdminMessages['segments'] = {
  title: 'Segments',
}
