import type { ResidentMessages } from './ja.ts'

/** Resident (LIFF) messages in English; typed by the Japanese file. */
export const en: ResidentMessages = {
  common: {
    language: 'Language',
    retry: 'Try again',
    loading: 'Loading…',
  },
  languages: {
    ja: 'Japanese',
    en: 'English',
    ko: 'Korean',
    'zh-Hans': 'Chinese (Simplified)',
    'zh-Hant': 'Chinese (Traditional)',
    'ja-easy': 'Easy Japanese',
  },
  signIn: {
    title: 'Signing you in',
    description: 'Checking your LINE account. This only takes a moment.',
    failedTitle: 'We could not sign you in',
    cookiesBlocked: 'Your sign-in could not be saved. Please open this page again from the LINE app.',
  },
  myPage: {
    title: 'My page',
    nameLabel: 'Your name on LINE',
    noName: 'No name set',
    pictureAlt: 'Profile picture of {{name}}',
    friendTitle: 'Friend status',
    friend: 'You are friends with this account',
    friendDescription: 'News from {{account}} arrives in your LINE chats.',
    notFriend: 'You are not friends yet',
    notFriendDescription:
      'Add {{account}} as a friend to receive its news in LINE. You can add it from the chat screen, for example.',
    languageTitle: 'Display language',
    languageDescription:
      'The language of these pages. News is also sent to you in this language whenever a version in it is available.',
    languageSave: 'Use this language',
    languageSaved: 'Display language changed',
  },
  errors: {
    liff_token_invalid: 'We could not confirm your LINE sign-in. Please try again.',
    liff_not_configured: 'This page is not available yet. Please open it again later.',
    liff_init_failed: 'We could not connect to LINE. Please open this page again from the LINE app.',
    liff_token_missing: 'Your LINE sign-in was not found. Please open this page again from the LINE app.',
    unauthenticated: 'Your sign-in has expired. Please try again.',
    not_found: 'We could not find what you were looking for.',
    invalid_input: 'Please check what you entered.',
    internal: 'Something went wrong on our side. Please try again in a little while.',
    network: 'We could not connect. Please try again where the signal is better.',
  },
  errorPage: {
    notFoundTitle: 'Page not found',
    notFoundDescription: 'The address may be wrong, or the page may have been removed.',
    internalTitle: 'Something went wrong',
    internalDescription: 'Please try again in a little while.',
    statusCode: 'Error code {{status}}',
    reload: 'Reload the page',
  },
}
