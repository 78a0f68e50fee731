import type { QuestionType } from '@kairan/forms'
import {
  IconAlignLeft,
  IconAt,
  IconCalendar,
  IconCircleDot,
  IconCursorText,
  IconLock,
  IconMailbox,
  IconNumber123,
  IconPhone,
  IconPhoto,
  IconSelector,
  IconSquareCheck,
  IconVideo,
} from '@tabler/icons-react'

/** The icon of each question type, used in the add menu, the question cards and the editor. */
export const QUESTION_TYPE_ICONS: Record<QuestionType, typeof IconCursorText> = {
  short_text: IconCursorText,
  long_text: IconAlignLeft,
  number: IconNumber123,
  single_choice: IconCircleDot,
  multiple_choice: IconSquareCheck,
  dropdown: IconSelector,
  date: IconCalendar,
  postal_code: IconMailbox,
  phone: IconPhone,
  email: IconAt,
  image: IconPhoto,
  video: IconVideo,
  staff_note: IconLock,
}

export function QuestionTypeIcon({ type, size = 18 }: { type: QuestionType; size?: number }) {
  const Icon = QUESTION_TYPE_ICONS[type]
  return <Icon size={size} aria-hidden />
}
