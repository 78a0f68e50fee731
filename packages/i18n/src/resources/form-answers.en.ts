import type { AdminMessages } from './ja.ts'

export const formAnswersEn: AdminMessages['formAnswers'] = {
  title: 'Answers',
}
