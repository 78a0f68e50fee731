import { describe, expect, it } from 'vitest'
import { adminResources, createI18n } from './create-i18n.ts'

describe('createI18n', () => {
  it('is ready synchronously and interpolates', () => {
    const i18n = createI18n('ja')
    expect(i18n.isInitialized).toBe(true)
    expect(i18n.language).toBe('ja')
    expect(i18n.t('errors.password_too_short', { min: 12 })).toBe('パスワードは12文字以上で入力してください')
  })

  it('keeps instances independent', () => {
    const ja = createI18n('ja')
    const en = createI18n('en')
    expect(ja.t('nav.signOut')).toBe('ログアウト')
    expect(en.t('nav.signOut')).toBe('Sign out')
  })

  it('works with only the current language bundle, as the browser receives it', () => {
    const en = createI18n('en', { en: adminResources.en })
    expect(en.t('common.save')).toBe('Save')
  })

  it('does not escape interpolated values (React does)', () => {
    expect(createI18n('en').t('errors.too_many_attempts', { minutes: '<5>' })).toContain('<5>')
  })
})
