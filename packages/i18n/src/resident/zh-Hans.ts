import type { ResidentMessages } from './ja.ts'

/** Resident (LIFF) messages in Simplified Chinese; typed by the Japanese file. */
export const zhHans: ResidentMessages = {
  common: {
    language: '语言',
    retry: '重试',
    loading: '正在加载…',
  },
  languages: {
    ja: '日语',
    en: '英语',
    ko: '韩语',
    'zh-Hans': '简体中文',
    'zh-Hant': '繁体中文',
    'ja-easy': '简明日语',
  },
  signIn: {
    title: '正在登录',
    description: '正在确认您的 LINE 账号信息，请稍候。',
    failedTitle: '登录失败',
    cookiesBlocked: '无法保存登录信息。请从 LINE 应用重新打开此页面。',
  },
  myPage: {
    title: '我的页面',
    nameLabel: 'LINE 显示名称',
    noName: '未设置显示名称',
    pictureAlt: '{{name}}的头像',
    friendTitle: '好友状态',
    friend: '您已将此官方账号添加为好友',
    friendDescription: '{{account}}的通知会发送到您的 LINE。',
    notFriend: '您还不是好友',
    notFriendDescription: '将{{account}}添加为好友后，即可在 LINE 上接收通知。可在聊天画面的菜单等处添加。',
    languageTitle: '显示语言',
    languageDescription: '此页面使用的语言。如果通知有该语言的版本，也会以该语言发送给您。',
    languageSave: '使用此语言',
    languageSaved: '显示语言已更改',
  },
  errors: {
    liff_token_invalid: '无法确认您的 LINE 登录信息，请重试。',
    liff_not_configured: '此页面尚在准备中，请稍后再打开。',
    liff_init_failed: '无法连接到 LINE。请从 LINE 应用重新打开此页面。',
    liff_token_missing: '找不到 LINE 登录信息。请从 LINE 应用重新打开此页面。',
    unauthenticated: '登录已过期，请重试。',
    not_found: '找不到您要查找的信息。',
    invalid_input: '请检查输入的内容。',
    internal: '系统发生错误，请稍后重试。',
    network: '网络连接失败，请在信号良好的地方重试。',
  },
  errorPage: {
    notFoundTitle: '找不到页面',
    notFoundDescription: '网址可能有误，或该页面已被删除。',
    internalTitle: '发生错误',
    internalDescription: '请稍后重试。',
    statusCode: '错误代码 {{status}}',
    reload: '重新加载页面',
  },
}
