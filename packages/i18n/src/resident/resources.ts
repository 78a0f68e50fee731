import type { ResidentLanguage } from '../languages.ts'
import { en } from './en.ts'
import { ja, type ResidentMessages } from './ja.ts'
import { jaEasy } from './ja-easy.ts'
import { ko } from './ko.ts'
import { zhHans } from './zh-Hans.ts'
import { zhHant } from './zh-Hant.ts'

/**
 * Every resident message, by language. For servers: a page sends the browser only its own
 * language's bundle (importing this in browser code would ship all six).
 */
export const residentMessages: Record<ResidentLanguage, ResidentMessages> = {
  ja,
  en,
  ko,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
  'ja-easy': jaEasy,
}
