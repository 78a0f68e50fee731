import type { ResidentMessages } from './ja.ts'

/** Resident (LIFF) messages in Traditional Chinese (Taiwan usage); typed by the Japanese file. */
export const zhHant: ResidentMessages = {
  common: {
    language: '語言',
    retry: '重試',
    loading: '載入中…',
  },
  languages: {
    ja: '日語',
    en: '英語',
    ko: '韓語',
    'zh-Hans': '簡體中文',
    'zh-Hant': '繁體中文',
    'ja-easy': '簡易日語',
  },
  signIn: {
    title: '正在登入',
    description: '正在確認您的 LINE 帳號資訊，請稍候。',
    failedTitle: '無法登入',
    cookiesBlocked: '無法儲存登入資訊。請從 LINE 應用程式重新開啟此頁面。',
  },
  myPage: {
    title: '我的頁面',
    nameLabel: 'LINE 顯示名稱',
    noName: '未設定顯示名稱',
    pictureAlt: '{{name}}的大頭貼',
    friendTitle: '好友狀態',
    friend: '您已將此官方帳號加入好友',
    friendDescription: '{{account}}的通知會傳送到您的 LINE。',
    notFriend: '您尚未加入好友',
    notFriendDescription: '將{{account}}加入好友後，即可在 LINE 上收到通知。可從聊天畫面的選單等處加入。',
    languageTitle: '顯示語言',
    languageDescription: '此頁面使用的語言。若通知有此語言的版本，也會以此語言傳送給您。',
    languageSave: '使用此語言',
    languageSaved: '已變更顯示語言',
  },
  errors: {
    liff_token_invalid: '無法確認您的 LINE 登入資訊，請重試。',
    liff_not_configured: '此頁面尚在準備中，請稍後再開啟。',
    liff_init_failed: '無法連線至 LINE。請從 LINE 應用程式重新開啟此頁面。',
    liff_token_missing: '找不到 LINE 登入資訊。請從 LINE 應用程式重新開啟此頁面。',
    unauthenticated: '登入已逾時，請重試。',
    not_found: '找不到您要的資訊。',
    invalid_input: '請檢查輸入的內容。',
    internal: '系統發生錯誤，請稍後再試。',
    network: '無法連線，請在訊號良好的地方再試一次。',
  },
  errorPage: {
    notFoundTitle: '找不到網頁',
    notFoundDescription: '網址可能有誤，或該網頁已被刪除。',
    internalTitle: '發生錯誤',
    internalDescription: '請稍後再試。',
    statusCode: '錯誤代碼 {{status}}',
    reload: '重新載入網頁',
  },
}
