// The emulator's phone page: a LINE chat with the city's account, as a simulated resident.
// Plain ES module, no build step. The pure helpers at the top are exported for phone.test.ts;
// everything that touches the DOM starts in boot(), which runs only in a browser.

/**
 * @typedef {{ liffId: string, loginChannelId: string, endpointUrl: string }} LiffApp
 * @typedef {{ channelId: string, name: string, botUserId: string, webhookUrl: string | null,
 *   liff: LiffApp | null, pictureUrl?: string | null }} Channel
 * @typedef {{ userId: string, displayName: string, language: string, pictureUrl: string | null,
 *   statusMessage: string | null }} Resident
 * @typedef {Resident & { friendships?: { channelId: string, state: 'following' | 'blocked' | 'none' }[] }} ResidentDetail
 * @typedef {{ webhookEventIds: string[], status: number | null, ms: number, error?: string }} WebhookResult
 * @typedef {{ id: string, at: string, from: 'resident' | 'bot', message: any, via?: string }} ChatItem
 * @typedef {{ type: string, label?: string, text?: string, data?: string, displayText?: string,
 *   uri?: string, linkUri?: string, mode?: string, initial?: string, min?: string, max?: string,
 *   richMenuAliasId?: string, inputOption?: string, fillInText?: string, clipboardText?: string }} Action
 * @typedef {{ x: number, y: number, width: number, height: number }} Bounds
 */

// ---------------------------------------------------------------------------------------------
// Texts

/** @type {Record<'ja' | 'en', Record<string, string>>} */
export const TEXTS = {
  ja: {
    appTitle: 'LINE エミュレーター',
    langToggle: 'English',
    channel: '公式アカウント',
    noChannels: '公式アカウントが登録されていません',
    residents: '住民',
    noResidents: 'まだ住民がいません。下のフォームで作成してください。',
    createResident: '新しい住民を作成',
    displayName: '表示名',
    language: '言語',
    create: '作成',
    pickResident: '住民を選ぶか、新しく作成してください。',
    back: '住民一覧へ',
    more: 'その他の操作',
    openLiff: 'LIFFを開く',
    noLiff: 'この公式アカウントには LIFF アプリが設定されていません',
    block: 'ブロック',
    reload: '再読み込み',
    addFriend: '友だち追加',
    friendLead: '友だちに追加すると、メッセージを受け取ったり送ったりできます。',
    blockedLead: 'ブロック中です。友だち追加するとブロックを解除します。',
    chatLabel: 'トーク',
    messageInput: 'メッセージを入力',
    send: '送信',
    plus: '位置情報・画像を送る',
    sendLocation: '位置情報',
    sendImage: '画像',
    quickReplies: 'クイックリプライ',
    richMenu: 'リッチメニュー',
    close: '閉じる',
    cancel: 'キャンセル',
    ok: '決定',
    liffSize: '高さを切り替え',
    openInTab: '別タブで開く',
    locationTitle: '位置情報を送信',
    placeName: '名称',
    address: '住所',
    latitude: '緯度',
    longitude: '経度',
    sendLocationButton: 'この位置を送る',
    defaultPlace: '東京駅',
    defaultAddress: '東京都千代田区丸の内1丁目',
    dateTitle: '日付を選択',
    timeTitle: '時刻を選択',
    datetimeTitle: '日時を選択',
    connected: 'サーバーに接続中',
    connecting: 'サーバーに接続しています…',
    disconnected: 'サーバーとの接続が切れました（再接続しています）',
    webhookFailed: 'Webhook 送信失敗: {detail}',
    webhookNotSent: 'Webhook 未送信（Webhook URL が設定されていません）',
    error: 'エラー: {message}',
    sticker: 'スタンプ',
    lineEmoji: 'LINE絵文字 {productId} / {emojiId}',
    imageViewer: '画像（オリジナル）',
    image: '画像',
    video: '動画',
    audio: '音声',
    file: 'ファイル',
    location: '位置情報',
    map: '地図',
    imageFailed: '画像を読み込めません',
    unsupported: 'このメッセージはエミュレーターでは表示できません',
    today: '今日',
    yesterday: '昨日',
    area: '領域 {n}',
    copied: 'コピーしました: {text}',
    you: 'あなた',
    typing: '入力中',
    read: '既読',
  },
  en: {
    appTitle: 'LINE Emulator',
    langToggle: '日本語',
    channel: 'Official account',
    noChannels: 'No official account is registered',
    residents: 'Residents',
    noResidents: 'No residents yet. Create one with the form below.',
    createResident: 'Create a new resident',
    displayName: 'Display name',
    language: 'Language',
    create: 'Create',
    pickResident: 'Pick a resident or create a new one.',
    back: 'Residents',
    more: 'More actions',
    openLiff: 'Open LIFF',
    noLiff: 'This official account has no LIFF app',
    block: 'Block',
    reload: 'Reload',
    addFriend: 'Add friend',
    friendLead: 'Add this account as a friend to receive and send messages.',
    blockedLead: 'You have blocked this account. Adding it as a friend unblocks it.',
    chatLabel: 'Chat',
    messageInput: 'Type a message',
    send: 'Send',
    plus: 'Attach a location or image',
    sendLocation: 'Location',
    sendImage: 'Image',
    quickReplies: 'Quick replies',
    richMenu: 'Rich menu',
    close: 'Close',
    cancel: 'Cancel',
    ok: 'OK',
    liffSize: 'Change height',
    openInTab: 'Open in a new tab',
    locationTitle: 'Send a location',
    placeName: 'Name',
    address: 'Address',
    latitude: 'Latitude',
    longitude: 'Longitude',
    sendLocationButton: 'Share this location',
    defaultPlace: 'Tokyo Station',
    defaultAddress: '1 Chome Marunouchi, Chiyoda City, Tokyo',
    dateTitle: 'Pick a date',
    timeTitle: 'Pick a time',
    datetimeTitle: 'Pick a date and time',
    connected: 'Connected to the server',
    connecting: 'Connecting to the server…',
    disconnected: 'Lost the connection to the server (reconnecting)',
    webhookFailed: 'Webhook failed: {detail}',
    webhookNotSent: 'Webhook not sent (no webhook URL is set)',
    error: 'Error: {message}',
    sticker: 'Sticker',
    lineEmoji: 'LINE emoji {productId} / {emojiId}',
    imageViewer: 'Image (original)',
    image: 'Image',
    video: 'Video',
    audio: 'Audio',
    file: 'File',
    location: 'Location',
    map: 'Map',
    imageFailed: 'Image could not be loaded',
    unsupported: 'The emulator cannot show this message',
    today: 'Today',
    yesterday: 'Yesterday',
    area: 'Area {n}',
    copied: 'Copied: {text}',
    you: 'You',
    typing: 'Typing',
    read: 'Read',
  },
}

/** Languages a resident's LINE profile can have (the codes LINE's profile API returns). */
export const RESIDENT_LANGUAGES = [
  ['ja', '日本語'],
  ['en', 'English'],
  ['ko', '한국어'],
  ['zh-Hans', '简体中文'],
  ['zh-Hant', '繁體中文'],
  ['th', 'ไทย'],
  ['id', 'Bahasa Indonesia'],
  ['vi', 'Tiếng Việt'],
  ['es', 'Español'],
  ['pt-BR', 'Português (Brasil)'],
  ['fr', 'Français'],
  ['de', 'Deutsch'],
]

/** Tokyo Station: where the location form starts. */
export const DEFAULT_LOCATION = { latitude: 35.681236, longitude: 139.767125 }

/**
 * Fills `{name}` placeholders.
 * @param {string} template
 * @param {Record<string, string | number>} [vars]
 */
export function fill(template, vars = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole))
}

// ---------------------------------------------------------------------------------------------
// Pure helpers

const URL_PATTERN = /https?:\/\/[\w\-.~:/?#[\]@!$&'()*+,;=%]+/g

/**
 * Splits message text into plain runs and URLs, as LINE makes URLs in text tappable.
 * Trailing punctuation and an unbalanced closing parenthesis are left out of a URL.
 * @param {string} text
 * @returns {{ type: 'text' | 'url', value: string }[]}
 */
export function linkify(text) {
  /** @type {{ type: 'text' | 'url', value: string }[]} */
  const parts = []
  let last = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0])
    const start = match.index ?? 0
    if (start > last) parts.push({ type: 'text', value: text.slice(last, start) })
    parts.push({ type: 'url', value: url })
    last = start + url.length
  }
  if (last < text.length) parts.push({ type: 'text', value: text.slice(last) })
  return parts
}

/** @param {string} url */
function trimUrl(url) {
  let result = url.replace(/[.,;:!?'"]+$/, '')
  while (result.endsWith(')') && count(result, '(') < count(result, ')')) result = result.slice(0, -1)
  return result.replace(/[.,;:!?'"]+$/, '')
}

/**
 * @param {string} text
 * @param {string} char
 */
function count(text, char) {
  return text.split(char).length - 1
}

/**
 * @typedef {{ type: 'text', value: string } | { type: 'emoji', productId: string, emojiId: string }
 *   | { type: 'mention', value: string }} TextPart
 */

/**
 * The runs of a `textV2` message: `{key}` placeholders replaced by their substitution (LINE emoji,
 * mentions), `{{` and `}}` shown as `{` and `}`; an unknown key stays as written.
 * @param {string} text
 * @param {Record<string, any> | undefined} substitution
 * @returns {TextPart[]}
 */
export function textV2Parts(text, substitution = {}) {
  /** @type {TextPart[]} */
  const parts = []
  const push = (/** @type {string} */ value) => {
    const last = parts.at(-1)
    if (last?.type === 'text') last.value += value
    else if (value) parts.push({ type: 'text', value })
  }
  for (const match of text.matchAll(/\{\{|\}\}|\{([a-zA-Z0-9_]{1,20})\}|[^{}]+|[{}]/g)) {
    const whole = match[0]
    if (whole === '{{') push('{')
    else if (whole === '}}') push('}')
    else if (match[1] !== undefined) {
      const sub = substitution?.[match[1]]
      if (sub?.type === 'emoji') {
        parts.push({ type: 'emoji', productId: String(sub.productId), emojiId: String(sub.emojiId) })
      } else if (sub?.type === 'mention') {
        parts.push({ type: 'mention', value: sub.mentionee?.type === 'all' ? '@All' : '@…' })
      } else push(whole)
    } else push(whole)
  }
  return parts
}

/**
 * The runs of a `text` message with `emojis` (each replaces the `$` at its `index`).
 * @param {string} text
 * @param {{ index: number, productId: string, emojiId: string }[] | undefined} emojis
 * @returns {TextPart[]}
 */
export function textEmojiParts(text, emojis) {
  if (!emojis?.length) return [{ type: 'text', value: text }]
  /** @type {TextPart[]} */
  const parts = []
  let last = 0
  for (const e of [...emojis].sort((a, b) => a.index - b.index)) {
    if (text[e.index] !== '$' || e.index < last) continue
    if (e.index > last) parts.push({ type: 'text', value: text.slice(last, e.index) })
    parts.push({ type: 'emoji', productId: String(e.productId), emojiId: String(e.emojiId) })
    last = e.index + 1
  }
  if (last < text.length) parts.push({ type: 'text', value: text.slice(last) })
  return parts
}

/**
 * If `uri` opens the channel's LIFF app, returns what it adds to the endpoint URL
 * (a sub-path and a query); otherwise null.
 * Recognised: `https://liff.line.me/{liffId}/{path}?{query}`, `https://miniapp.line.me/{liffId}…`,
 * the deprecated `line://app/{liffId}…` and `https://line.me/R/app/{liffId}…`, and the endpoint URL itself.
 * @param {string} uri
 * @param {LiffApp | null | undefined} liff
 * @returns {{ path: string, query: string } | null}
 */
export function liffTarget(uri, liff) {
  if (!liff || !uri) return null
  const withoutFragment = uri.split('#')[0] ?? ''
  const prefixes = [
    `https://liff.line.me/${liff.liffId}`,
    `https://miniapp.line.me/${liff.liffId}`,
    `line://app/${liff.liffId}`,
    `https://line.me/R/app/${liff.liffId}`,
  ]
  const endpoint = (liff.endpointUrl.split('#')[0] ?? '').split('?')[0] ?? ''
  prefixes.push(endpoint.replace(/\/$/, ''))
  for (const prefix of prefixes) {
    if (!prefix || !withoutFragment.startsWith(prefix)) continue
    const rest = withoutFragment.slice(prefix.length)
    if (rest === '' || /^[/?]/.test(rest)) return splitRest(rest)
  }
  return null
}

/**
 * @param {string} rest the part after the LIFF prefix: '', '/path', '?q=1', '/path?q=1'
 * @returns {{ path: string, query: string }}
 */
function splitRest(rest) {
  const q = rest.indexOf('?')
  const path = q === -1 ? rest : rest.slice(0, q)
  const query = q === -1 ? '' : rest.slice(q + 1)
  return { path: path === '/' ? '' : path, query }
}

/**
 * Puts a tapped LIFF URL's sub-path and query onto the `liffUrl` the emulator returned
 * (the endpoint URL + `#kairan-emulator-id-token=…`), keeping the fragment last.
 * @param {string} liffUrl
 * @param {{ path: string, query: string }} target
 */
export function buildLiffUrl(liffUrl, target) {
  const hash = liffUrl.indexOf('#')
  const beforeHash = hash === -1 ? liffUrl : liffUrl.slice(0, hash)
  const fragment = hash === -1 ? '' : liffUrl.slice(hash)
  const q = beforeHash.indexOf('?')
  let path = q === -1 ? beforeHash : beforeHash.slice(0, q)
  const queries = [q === -1 ? '' : beforeHash.slice(q + 1), target.query].filter(Boolean)
  if (target.path) path = path.replace(/\/$/, '') + (target.path.startsWith('/') ? '' : '/') + target.path
  return path + (queries.length ? `?${queries.join('&')}` : '') + fragment
}

/**
 * What staff should be told about a webhook delivery, or null when it went fine or there was
 * nothing to deliver (no event: e.g. following an account already followed).
 * @param {WebhookResult | null | undefined} result
 * @param {'ja' | 'en'} lang
 */
export function webhookProblem(result, lang) {
  if (!result || result.webhookEventIds?.length === 0) return null
  const texts = TEXTS[lang]
  const { status, error } = result
  const delivered = status !== null && status !== undefined
  if (delivered && status >= 200 && status < 300 && !error) return null
  if (!delivered && (!error || error === 'no webhook URL')) return texts.webhookNotSent
  return fill(texts.webhookFailed, { detail: status ?? error ?? '' })
}

/**
 * Position of a tap area as percentages of the image it lies on.
 * @param {Bounds} bounds
 * @param {{ width: number, height: number }} size
 */
export function areaBox(bounds, size) {
  const pct = (/** @type {number} */ value, /** @type {number} */ whole) =>
    `${Math.round((value / whole) * 10000) / 100}%`
  return {
    left: pct(bounds.x, size.width),
    top: pct(bounds.y, size.height),
    width: pct(bounds.width, size.width),
    height: pct(bounds.height, size.height),
  }
}

/**
 * The quick reply items to show: those of the newest chat item, if the bot sent it.
 * (LINE hides quick replies as soon as anything else is added to the chat.)
 * @param {ChatItem[]} items
 * @returns {any[]}
 */
export function currentQuickReplies(items) {
  const last = items[items.length - 1]
  if (last?.from !== 'bot') return []
  const replies = last.message?.quickReply?.items
  return Array.isArray(replies) ? replies : []
}

/**
 * Postback `params` for a datetime picker's chosen value (`date`, `time` or `datetime`).
 * @param {string} mode
 * @param {string} value the value of an `<input type="date|time|datetime-local">`
 */
export function datetimeParams(mode, value) {
  if (mode === 'date') return { date: value }
  if (mode === 'time') return { time: value.slice(0, 5) }
  return { datetime: value.slice(0, 16) }
}

/**
 * Merges chat items by id, keeping the list in the server's order (oldest first).
 * @param {ChatItem[]} current
 * @param {ChatItem[]} incoming
 */
export function mergeItems(current, incoming) {
  const byId = new Map(current.map((item) => [item.id, item]))
  for (const item of incoming) byId.set(item.id, item)
  // A stable sort: items with the same time keep the order they arrived in.
  return [...byId.values()].sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1))
}

// Flex Message sizes, as LINE defines them (px).
const FLEX_SPACING = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 }
const FLEX_TEXT = {
  xxs: 11,
  xs: 13,
  sm: 14,
  md: 16,
  lg: 19,
  xl: 22,
  xxl: 29,
  '3xl': 35,
  '4xl': 48,
  '5xl': 74,
}
const FLEX_IMAGE = {
  xxs: 40,
  xs: 60,
  sm: 80,
  md: 100,
  lg: 120,
  xl: 140,
  xxl: 160,
  '3xl': 180,
  '4xl': 200,
  '5xl': 240,
}
const FLEX_BUBBLE = { nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300, giga: 500 }

/**
 * A Flex size (a keyword or a CSS length like `12px` / `50%`) as CSS, or undefined.
 * @param {string | undefined} value
 * @param {Record<string, number>} keywords
 */
export function flexLength(value, keywords) {
  if (value === undefined || value === null) return undefined
  if (value in keywords) return `${keywords[value]}px`
  if (/^\d+(\.\d+)?(px|%)$/.test(value)) return value
  return undefined
}

// ---------------------------------------------------------------------------------------------
// DOM helper

/**
 * Creates an element. `props`: `class`, `style` (object), `on<event>` (listener), booleans
 * (set as empty attributes when true), `value`; everything else becomes an attribute.
 * @param {string} tag
 * @param {Record<string, any>} [props]
 * @param {...(Node | string | null | undefined | false | (Node | string | null | undefined | false)[])} children
 * @returns {HTMLElement}
 */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue
    if (key === 'class') el.className = value
    else if (key === 'style') setStyle(el, value)
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value)
    else if (key === 'value') /** @type {HTMLInputElement} */ (el).value = value
    else el.setAttribute(key, value === true ? '' : String(value))
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) el.append(child)
  }
  return el
}

/**
 * Sets styles through the CSSOM (allowed by a strict CSP, unlike style attributes).
 * @param {HTMLElement} el
 * @param {Record<string, string | number | undefined>} styles
 */
function setStyle(el, styles) {
  for (const [name, value] of Object.entries(styles)) {
    if (value === undefined || value === null || value === '') continue
    const property = name.startsWith('--') ? name : name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
    el.style.setProperty(property, String(value))
  }
}

/**
 * @param {string} id
 * @returns {any}
 */
function $(id) {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} is missing from index.html`)
  return el
}

// ---------------------------------------------------------------------------------------------
// State

const LANG_KEY = 'kairan-line-emulator:lang'

const state = {
  /** @type {'ja' | 'en'} */
  lang: 'ja',
  /** @type {Channel[]} */
  channels: [],
  /** @type {string | null} */
  channelId: null,
  /** @type {Resident[]} */
  residents: [],
  /** @type {string | null} */
  userId: null,
  /** @type {'following' | 'blocked' | 'none' | null} */
  friendship: null,
  /** @type {ChatItem[]} */
  items: [],
  /** chat item id → webhook problems to show under it @type {Map<string, string[]>} */
  notices: new Map(),
  /** @type {{ richMenu: any, imageUrl: string | null } | null} */
  richMenu: null,
  richMenuKey: '',
  richMenuOpen: true,
  /** the bot's loading animation shows until this time (ms) */
  loadingUntil: 0,
  /** the newest resident message the city has marked as read @type {string | null} */
  readUpTo: null,
  /** @type {'full' | 'tall'} */
  liffSize: 'full',
  /** bumped whenever the resident or channel changes, so late answers for the old one are dropped */
  generation: 0,
  /** what the resident tapped last in the chat (its row tells which bot message) @type {{ target: EventTarget | null, at: number } | null} */
  tapOrigin: null,
}

/** @param {string} key @param {Record<string, string | number>} [vars] */
function t(key, vars) {
  return fill(TEXTS[state.lang][key] ?? TEXTS.ja[key] ?? key, vars)
}

function currentChannel() {
  return state.channels.find((channel) => channel.channelId === state.channelId) ?? null
}

function currentResident() {
  return state.residents.find((resident) => resident.userId === state.userId) ?? null
}

// ---------------------------------------------------------------------------------------------
// Control API

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  const data = text ? JSON.parse(text) : null
  if (!response.ok) throw new Error(data?.error ?? `${response.status} ${response.statusText}`)
  return data
}

/** @param {string} userId */
function residentPath(userId) {
  return `/_emulator/residents/${encodeURIComponent(userId)}`
}

// ---------------------------------------------------------------------------------------------
// Language

function applyLanguage() {
  document.documentElement.lang = state.lang
  document.title = t('appTitle')
  for (const el of document.querySelectorAll('[data-i18n]')) {
    el.textContent = t(/** @type {HTMLElement} */ (el).dataset.i18n ?? '')
  }
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(/** @type {HTMLElement} */ (el).dataset.i18nLabel ?? ''))
  }
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) {
    el.setAttribute('placeholder', t(/** @type {HTMLElement} */ (el).dataset.i18nPlaceholder ?? ''))
  }
  const toggle = $('lang-toggle')
  toggle.textContent = t('langToggle')
  toggle.lang = state.lang === 'ja' ? 'en' : 'ja'
}

function toggleLanguage() {
  state.lang = state.lang === 'ja' ? 'en' : 'ja'
  try {
    localStorage.setItem(LANG_KEY, state.lang)
  } catch {
    // storage may be unavailable (private mode): the choice then lasts for this page only
  }
  applyLanguage()
  renderConnection()
  renderAll(true)
}

// ---------------------------------------------------------------------------------------------
// Sidebar: channels and residents

function renderChannels() {
  const select = $('channel-select')
  select.replaceChildren(
    ...state.channels.map((channel) =>
      h('option', { value: channel.channelId }, `${channel.name} (${channel.channelId})`),
    ),
  )
  select.value = state.channelId ?? ''
  select.hidden = state.channels.length === 0
  $('channel-empty').hidden = state.channels.length > 0
}

function renderResidents() {
  const list = $('resident-list')
  // Newest first: the one just created is at the top.
  list.replaceChildren(
    ...[...state.residents].reverse().map((resident) => {
      const metaId = `meta-${resident.userId}`
      const selected = resident.userId === state.userId
      return h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'resident',
            'aria-pressed': String(selected),
            'aria-describedby': metaId,
            onclick: () => selectResident(resident.userId),
          },
          avatar(resident.displayName, resident.pictureUrl, 'avatar-small'),
          h('span', { class: 'resident-name' }, resident.displayName),
          h(
            'span',
            { class: 'resident-meta', id: metaId, 'aria-hidden': 'true' },
            `${resident.language} · ${resident.userId.slice(0, 9)}…`,
          ),
        ),
      )
    }),
  )
  $('residents-empty').hidden = state.residents.length > 0
  revealSelected(list)
}

/**
 * Scrolls the resident list (only the list, never the page) so the selected resident shows.
 * @param {HTMLElement} list
 */
function revealSelected(list) {
  const item = list.querySelector('[aria-pressed="true"]')?.parentElement
  if (!item) return
  const top = item.offsetTop
  const bottom = top + item.offsetHeight
  if (top < list.scrollTop) list.scrollTop = top
  else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight
}

/**
 * A round avatar: the picture if there is one, else the name's first character.
 * @param {string} name
 * @param {string | null | undefined} pictureUrl
 * @param {string} sizeClass
 */
function avatar(name, pictureUrl, sizeClass) {
  const el = h('span', { class: `avatar ${sizeClass}`, 'aria-hidden': 'true' })
  fillAvatar(el, name, pictureUrl)
  return el
}

/**
 * @param {HTMLElement} el
 * @param {string} name
 * @param {string | null | undefined} pictureUrl
 */
function fillAvatar(el, name, pictureUrl) {
  const initial = h('span', {}, [...(name || '?')][0] ?? '?')
  if (!pictureUrl) return el.replaceChildren(initial)
  const img = h('img', { src: pictureUrl, alt: '' })
  img.addEventListener('error', () => el.replaceChildren(initial))
  el.replaceChildren(img)
}

function fillLanguageSelect() {
  const select = $('create-language')
  select.replaceChildren(
    ...RESIDENT_LANGUAGES.map(([code, name]) => h('option', { value: code }, `${name} (${code})`)),
  )
}

/** @param {SubmitEvent} event */
async function createResident(event) {
  event.preventDefault()
  const form = /** @type {HTMLFormElement} */ (event.currentTarget)
  const displayName = String(new FormData(form).get('displayName') ?? '').trim()
  const language = String(new FormData(form).get('language') ?? 'ja')
  const error = $('create-error')
  error.hidden = true
  if (!displayName) return
  try {
    /** @type {Resident} */
    const resident = await api('POST', '/_emulator/residents', { displayName, language })
    form.reset()
    if (!state.residents.some((r) => r.userId === resident.userId)) state.residents.push(resident)
    await selectResident(resident.userId)
    void loadResidents()
  } catch (err) {
    error.textContent = t('error', { message: errorMessage(err) })
    error.hidden = false
  }
}

async function loadResidents() {
  const { residents } = await api('GET', '/_emulator/residents')
  state.residents = residents
  renderResidents()
  renderHeader()
}

async function loadChannels() {
  const { channels } = await api('GET', '/_emulator/channels')
  state.channels = channels
  if (!state.channels.some((c) => c.channelId === state.channelId)) {
    state.channelId = state.channels[0]?.channelId ?? null
  }
  renderChannels()
}

/** @param {string} userId */
async function selectResident(userId) {
  state.userId = userId
  rememberInUrl()
  await openChat()
  if (window.matchMedia('(max-width: 860px)').matches) {
    $('phone').scrollIntoView({ behavior: 'smooth', block: 'start' })
  }
}

/** @param {string} channelId */
async function selectChannel(channelId) {
  state.channelId = channelId
  rememberInUrl()
  await openChat()
}

function rememberInUrl() {
  const url = new URL(window.location.href)
  if (state.userId) url.searchParams.set('user', state.userId)
  else url.searchParams.delete('user')
  if (state.channelId) url.searchParams.set('channel', state.channelId)
  else url.searchParams.delete('channel')
  window.history.replaceState(null, '', url)
}

// ---------------------------------------------------------------------------------------------
// Opening a chat

async function openChat() {
  const generation = ++state.generation
  state.items = []
  state.notices = new Map()
  state.friendship = null
  state.richMenu = null
  state.richMenuKey = ''
  state.richMenuOpen = true
  state.loadingUntil = 0
  state.readUpTo = null
  closeLiff()
  closeSheet()
  hideNotice()
  resetChatList()
  renderAll(true)
  if (!state.userId || !state.channelId) return
  await Promise.all([loadFriendship(generation), loadChat(generation)])
  await loadRichMenu(generation)
}

/** @param {number} [generation] */
async function loadFriendship(generation = state.generation) {
  if (!state.userId || !state.channelId) return
  try {
    /** @type {ResidentDetail} */
    const detail = await api('GET', residentPath(state.userId))
    if (generation !== state.generation) return
    const friendship = detail.friendships?.find((f) => f.channelId === state.channelId)
    state.friendship = friendship?.state ?? 'none'
  } catch (err) {
    if (generation !== state.generation) return
    state.friendship = null
    showNotice(t('error', { message: errorMessage(err) }))
  }
  renderAll()
}

/** @param {number} [generation] */
async function loadChat(generation = state.generation) {
  if (!state.userId || !state.channelId) return
  const { items } = await api(
    'GET',
    `${residentPath(state.userId)}/chat?channelId=${encodeURIComponent(state.channelId)}`,
  )
  if (generation !== state.generation) return
  // Merge rather than replace: a live item may have arrived while this answer was on its way.
  state.items = mergeItems(state.items, items)
  renderChat()
}

/** @param {number} [generation] */
async function loadRichMenu(generation = state.generation) {
  if (!state.userId || !state.channelId || state.friendship !== 'following') {
    if (state.richMenu) {
      state.richMenu = null
      state.richMenuKey = ''
      renderRichMenu()
    }
    return
  }
  try {
    const answer = await api(
      'GET',
      `${residentPath(state.userId)}/richmenu?channelId=${encodeURIComponent(state.channelId)}`,
    )
    if (generation !== state.generation) return
    const key = JSON.stringify(answer)
    if (key === state.richMenuKey) return
    const previousId = state.richMenu?.richMenu?.richMenuId
    state.richMenuKey = key
    state.richMenu = answer.richMenu ? answer : null
    if (answer.richMenu && answer.richMenu.richMenuId !== previousId) {
      state.richMenuOpen = answer.richMenu.selected !== false
    }
    renderRichMenu()
  } catch {
    // a rich menu is a nicety; the chat works without it
  }
}

/** @param {boolean} [rebuild] redraw every message (after a change of chat or language) */
function renderAll(rebuild = false) {
  renderResidents()
  renderHeader()
  renderScreens()
  renderChat(rebuild)
  renderRichMenu()
}

// ---------------------------------------------------------------------------------------------
// Header and friend screen

function renderHeader() {
  const channel = currentChannel()
  const name = channel?.name ?? ''
  $('account-name').textContent = name
  fillAvatar($('header-avatar'), name, channel?.pictureUrl)
  $('header-avatar').hidden = !channel
  const liffButton = $('liff-button')
  liffButton.disabled = !channel?.liff || !currentResident()
  liffButton.title = channel?.liff ? '' : t('noLiff')
  $('block-button').hidden = state.friendship !== 'following'
}

function renderScreens() {
  const hasChat = Boolean(state.userId && state.channelId && currentResident())
  const following = hasChat && state.friendship === 'following'
  const notFriend = hasChat && (state.friendship === 'none' || state.friendship === 'blocked')
  $('placeholder').hidden = hasChat
  $('placeholder').querySelector('p').textContent = t(state.channels.length ? 'pickResident' : 'noChannels')
  $('friend-screen').hidden = !notFriend
  $('chat-scroll').hidden = !following
  $('composer').hidden = !following
  if (!following) $('quick-replies').hidden = true
  if (notFriend) {
    const channel = currentChannel()
    $('friend-name').textContent = channel?.name ?? ''
    fillAvatar($('friend-avatar'), channel?.name ?? '', channel?.pictureUrl)
    $('friend-lead').textContent = t(state.friendship === 'blocked' ? 'blockedLead' : 'friendLead')
  }
}

async function follow() {
  const { userId, channelId } = state
  if (!userId || !channelId) return
  const button = $('add-friend-button')
  button.disabled = true
  try {
    /** @type {WebhookResult} */
    const result = await api('POST', `${residentPath(userId)}/follow`, { channelId })
    await loadFriendship()
    await loadChat()
    await loadRichMenu()
    reportWebhook(result, null)
    $('message-input').focus()
  } catch (err) {
    showNotice(t('error', { message: errorMessage(err) }))
  } finally {
    button.disabled = false
  }
}

async function unfollow() {
  const { userId, channelId } = state
  closeMoreMenu()
  if (!userId || !channelId) return
  try {
    /** @type {WebhookResult} */
    const result = await api('POST', `${residentPath(userId)}/unfollow`, { channelId })
    closeLiff()
    await loadFriendship()
    await loadRichMenu()
    reportWebhook(result, null)
  } catch (err) {
    showNotice(t('error', { message: errorMessage(err) }))
  }
}

/** @param {boolean} open */
function setMoreMenu(open) {
  $('more-menu').hidden = !open
  $('more-button').setAttribute('aria-expanded', String(open))
  if (open) $('more-menu').querySelector('button:not([hidden])')?.focus()
}

function closeMoreMenu() {
  setMoreMenu(false)
}

/** @param {boolean} open */
function setPlusMenu(open) {
  $('plus-menu').hidden = !open
  $('plus-button').setAttribute('aria-expanded', String(open))
  if (open) $('plus-menu').querySelector('button')?.focus()
}

// ---------------------------------------------------------------------------------------------
// Chat list

/** ids of the chat items currently in the list, in order */
let renderedIds = /** @type {string[]} */ ([])

function resetChatList() {
  renderedIds = []
  $('messages').replaceChildren()
}

/**
 * Brings the list up to date: appends new items when the old ones are unchanged (so a screen
 * reader announces only what is new), rebuilds it otherwise.
 * @param {boolean} [rebuild]
 */
function renderChat(rebuild = false) {
  const list = $('messages')
  const ids = state.items.map((item) => item.id)
  const isPrefix = renderedIds.length <= ids.length && renderedIds.every((id, i) => id === ids[i])
  if (rebuild || !isPrefix) resetChatList()
  const start = renderedIds.length
  list.querySelector('.typing')?.remove()
  for (let i = start; i < state.items.length; i++) {
    const item = /** @type {ChatItem} */ (state.items[i])
    const previous = state.items[i - 1]
    if (!previous || dayKey(previous.at) !== dayKey(item.at)) list.append(dateSeparator(item.at))
    list.append(chatRow(item, previous))
    renderedIds.push(item.id)
  }
  if (state.loadingUntil > Date.now()) list.append(typingRow())
  renderReadMarks()
  renderQuickReplies()
  scrollToNewest()
}

/** The bot's loading animation (`POST /v2/bot/chat/loading/start`), until its next message or timeout. */
function typingRow() {
  return h(
    'li',
    { class: 'row row-bot typing', 'aria-label': t('typing') },
    avatar(currentChannel()?.name ?? '', currentChannel()?.pictureUrl, 'avatar-chat'),
    h('div', { class: 'bubble typing-dots', 'aria-hidden': 'true' }, h('span'), h('span'), h('span')),
  )
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let loadingTimer

/** @param {number} seconds */
function showLoading(seconds) {
  state.loadingUntil = Date.now() + seconds * 1000
  clearTimeout(loadingTimer)
  loadingTimer = setTimeout(() => {
    state.loadingUntil = 0
    $('messages').querySelector('.typing')?.remove()
  }, seconds * 1000)
  renderChat()
}

/** Marks the resident's messages up to the one the city read (`markAsRead`) with 既読. */
function renderReadMarks() {
  const upTo = state.items.findIndex((item) => item.id === state.readUpTo)
  if (upTo === -1) return
  for (const item of state.items.slice(0, upTo + 1)) {
    if (item.from !== 'resident') continue
    const line = $('messages').querySelector(`[data-id="${CSS.escape(item.id)}"] .row-line`)
    if (!line || line.querySelector('.read')) continue
    line.querySelector('.meta')?.prepend(h('span', { class: 'read' }, t('read')))
  }
}

/** whether the chat is scrolled to (near) its end, so it should stay there as things change size */
let atBottom = true

/** Shows the newest message (after something was added to the chat). */
function scrollToNewest() {
  atBottom = true
  requestAnimationFrame(stickToBottom)
}

function stickToBottom() {
  const scroller = $('chat-scroll')
  if (atBottom) scroller.scrollTop = scroller.scrollHeight
}

/**
 * Keeps the newest message in view while the chat's content or box changes size (images load,
 * the rich menu opens, the input grows), unless the resident has scrolled up to read.
 */
function followResizes() {
  const scroller = $('chat-scroll')
  const list = $('messages')
  // Sizes as the resize observer last saw them. A scroll event that comes with a size change it
  // did not cause (scroll anchoring, an image loading) is left to the observer, which runs next.
  let known = ''
  const sizes = () => `${scroller.clientHeight} ${list.offsetHeight}`
  scroller.addEventListener('scroll', () => {
    if (sizes() !== known) return
    atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60
  })
  const observer = new ResizeObserver(() => {
    known = sizes()
    stickToBottom()
  })
  observer.observe(scroller)
  observer.observe($('messages'))
}

/** @param {string} iso */
function dayKey(iso) {
  const date = new Date(iso)
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`
}

/** @param {string} iso */
function dateSeparator(iso) {
  const date = new Date(iso)
  const today = new Date()
  const yesterday = new Date(today.getTime() - 86_400_000)
  let label
  if (dayKey(iso) === dayKey(today.toISOString())) label = t('today')
  else if (dayKey(iso) === dayKey(yesterday.toISOString())) label = t('yesterday')
  else {
    label = new Intl.DateTimeFormat(state.lang === 'ja' ? 'ja-JP' : 'en-US', {
      month: 'short',
      day: 'numeric',
      weekday: 'short',
    }).format(date)
  }
  return h('li', { class: 'date-separator' }, h('span', {}, label))
}

/** @param {string} iso */
function timeOf(iso) {
  return new Intl.DateTimeFormat(state.lang === 'ja' ? 'ja-JP' : 'en-US', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso))
}

/**
 * One message: the bot's on the left with the account icon, the resident's on the right.
 * @param {ChatItem} item
 * @param {ChatItem | undefined} previous
 */
function chatRow(item, previous) {
  const fromBot = item.from === 'bot'
  const channel = currentChannel()
  const sender = item.message?.sender
  const showAvatar = fromBot && (previous?.from !== 'bot' || dayKey(previous.at) !== dayKey(item.at))
  const content = renderMessage(item.message)
  content.dataset.testid = fromBot ? 'bubble-bot' : 'bubble-resident'
  const meta = h('span', { class: 'meta' }, h('time', { class: 'time', datetime: item.at }, timeOf(item.at)))
  // Who said it, for screen readers (the layout shows it visually).
  const speaker = h(
    'span',
    { class: 'visually-hidden' },
    `${fromBot ? (sender?.name ?? channel?.name) : t('you')}: `,
  )
  const row = h(
    'li',
    {
      class: `row ${fromBot ? 'row-bot' : 'row-resident'} ${content.dataset.kind ?? ''}`,
      'data-id': item.id,
    },
    fromBot
      ? showAvatar || sender?.iconUrl
        ? avatar(sender?.name ?? channel?.name ?? '', sender?.iconUrl ?? channel?.pictureUrl, 'avatar-chat')
        : h('span', { class: 'avatar-spacer', 'aria-hidden': 'true' })
      : null,
    h(
      'div',
      { class: 'row-body' },
      fromBot && sender?.name ? h('p', { class: 'sender-name' }, sender.name) : null,
      h('div', { class: 'row-line' }, speaker, content, meta),
      h('div', { class: 'row-notices' }, ...(state.notices.get(item.id) ?? []).map(noticeLine)),
    ),
  )
  return row
}

/** @param {string} text */
function noticeLine(text) {
  return h('p', { class: 'webhook-error', 'data-testid': 'webhook-error' }, text)
}

/**
 * Shows a webhook problem under the given chat item, or in the bar above the input.
 * @param {WebhookResult | null | undefined} result
 * @param {string | null} itemId
 */
function reportWebhook(result, itemId) {
  const problem = webhookProblem(result, state.lang)
  if (!problem) return
  if (!itemId) return showNotice(problem)
  const lines = state.notices.get(itemId) ?? []
  lines.push(problem)
  state.notices.set(itemId, lines)
  const row = $('messages').querySelector(`[data-id="${CSS.escape(itemId)}"] .row-notices`)
  if (row) row.append(noticeLine(problem))
  else showNotice(problem)
  scrollToNewest()
}

/** @param {string} text */
function showNotice(text) {
  $('notice-text').textContent = text
  $('notice-bar').hidden = false
}

function hideNotice() {
  $('notice-bar').hidden = true
}

// ---------------------------------------------------------------------------------------------
// Message objects

/**
 * Renders one LINE message object. The returned element carries `data-kind` for the row's layout.
 * @param {any} message
 * @returns {HTMLElement}
 */
function renderMessage(message) {
  try {
    switch (message?.type) {
      case 'text':
        return textBubble(textEmojiParts(message.text ?? '', message.emojis))
      case 'textV2':
        return textBubble(textV2Parts(message.text ?? '', message.substitution))
      case 'image':
        return imageMessage(message)
      case 'sticker':
        return stickerMessage(message)
      case 'location':
        return locationMessage(message)
      case 'template':
        return templateMessage(message)
      case 'flex':
        return flexMessage(message)
      case 'imagemap':
        return imagemapMessage(message)
      case 'video':
      case 'audio':
      case 'file':
        return mediaPlaceholder(message)
      default:
        return fallbackBubble(message)
    }
  } catch {
    return fallbackBubble(message)
  }
}

/** Raised by the Flex renderer for a component it does not know; the message falls back to altText. */
class Unsupported extends Error {}

/** @param {any} message */
function fallbackBubble(message) {
  const alt = message?.altText
  return h(
    'div',
    { class: 'bubble', 'data-kind': 'kind-text' },
    alt ? h('p', { class: 'bubble-text' }, alt) : null,
    h('p', { class: 'bubble-note' }, `${t('unsupported')} (${message?.type ?? '?'})`),
  )
}

/** @param {TextPart[]} parts */
function textBubble(parts) {
  return h(
    'div',
    { class: 'bubble', 'data-kind': 'kind-text' },
    h(
      'p',
      { class: 'bubble-text' },
      ...parts.flatMap((part) => (part.type === 'emoji' ? [lineEmoji(part)] : linkNodes(part.value))),
    ),
  )
}

/**
 * A LINE emoji, drawn as a small placeholder with its IDs (the emulator works offline).
 * @param {{ productId: string, emojiId: string }} emoji
 */
function lineEmoji(emoji) {
  const label = t('lineEmoji', { productId: emoji.productId, emojiId: emoji.emojiId })
  return h(
    'span',
    {
      class: 'line-emoji',
      role: 'img',
      'aria-label': label,
      title: label,
      'data-testid': 'line-emoji',
      'data-product-id': emoji.productId,
      'data-emoji-id': emoji.emojiId,
    },
    '☺',
  )
}

/** @param {string} text */
function linkNodes(text) {
  return linkify(text).map((part) =>
    part.type === 'text'
      ? part.value
      : h(
          'a',
          {
            href: part.value,
            target: '_blank',
            rel: 'noopener noreferrer',
            onclick: (/** @type {MouseEvent} */ event) => {
              recordClick(event.currentTarget, part.value)
              if (!liffTarget(part.value, currentChannel()?.liff)) return
              event.preventDefault()
              void openLiff(part.value)
            },
          },
          part.value,
        ),
  )
}

/**
 * An `<img>` that turns into a grey box when the URL cannot be loaded.
 * @param {string | undefined} src
 * @param {string} alt
 * @param {string} [className]
 */
function safeImage(src, alt, className = '') {
  if (!src) return h('span', { class: `image-missing ${className}`, role: 'img', 'aria-label': alt }, alt)
  const img = h('img', { src, alt, class: className, loading: 'lazy' })
  img.addEventListener('error', () => {
    img.replaceWith(
      h('span', { class: `image-missing ${className}`, role: 'img', 'aria-label': alt }, t('imageFailed')),
    )
  })
  return img
}

/** @param {any} message */
function imageMessage(message) {
  const full = message.originalContentUrl ?? message.dataUrl ?? message.contentProvider?.originalContentUrl
  const preview = message.previewImageUrl ?? full
  const img = safeImage(preview, t('image'), 'photo')
  // As in LINE: the chat shows the preview image; tapping it opens the original.
  return h(
    'div',
    { class: 'media', 'data-kind': 'kind-media' },
    full
      ? h(
          'a',
          {
            href: full,
            target: '_blank',
            rel: 'noopener noreferrer',
            'data-testid': 'image-open',
            onclick: (/** @type {MouseEvent} */ event) => {
              event.preventDefault()
              openImageViewer(full)
            },
          },
          img,
        )
      : img,
  )
}

/** @param {string} url */
function openImageViewer(url) {
  const viewer = $('image-viewer')
  const img = safeImage(url, t('image'), 'viewer-img')
  img.dataset.testid = 'image-original'
  $('image-viewer-body').replaceChildren(img)
  viewer.hidden = false
  $('image-viewer-close').focus()
}

function closeImageViewer() {
  $('image-viewer').hidden = true
  $('image-viewer-body').replaceChildren()
}

/** @param {any} message */
function stickerMessage(message) {
  return h(
    'div',
    { class: 'sticker', 'data-kind': 'kind-media', role: 'img', 'aria-label': t('sticker') },
    h('span', { class: 'sticker-icon', 'aria-hidden': 'true' }, '☺'),
    h('span', {}, t('sticker')),
    h('span', { class: 'sticker-ids' }, `${message.packageId ?? '?'} / ${message.stickerId ?? '?'}`),
  )
}

/** @param {any} message */
function locationMessage(message) {
  const { latitude, longitude } = message
  const map = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`
  return h(
    'div',
    { class: 'bubble location', 'data-kind': 'kind-text' },
    h('p', { class: 'location-title' }, message.title || t('location')),
    message.address ? h('p', { class: 'location-address' }, message.address) : null,
    h(
      'p',
      { class: 'location-coords' },
      `${Number(latitude).toFixed(5)}, ${Number(longitude).toFixed(5)} · `,
      h('a', { href: map, target: '_blank', rel: 'noopener noreferrer' }, t('map')),
    ),
  )
}

/** @param {any} message */
function mediaPlaceholder(message) {
  const label = t(message.type)
  return h(
    'div',
    { class: 'bubble', 'data-kind': 'kind-text' },
    h('p', { class: 'bubble-text' }, `[${label}]${message.fileName ? ` ${message.fileName}` : ''}`),
  )
}

// Templates ----------------------------------------------------------------------------------

/** @param {any} message */
function templateMessage(message) {
  const template = message.template ?? {}
  switch (template.type) {
    case 'buttons':
      return h('div', { class: 'template', 'data-kind': 'kind-card' }, templateCard(template))
    case 'confirm':
      return h(
        'div',
        { class: 'template', 'data-kind': 'kind-card' },
        h(
          'div',
          { class: 'card confirm' },
          h('p', { class: 'card-text' }, template.text ?? ''),
          h('div', { class: 'card-actions confirm-actions' }, ...(template.actions ?? []).map(actionButton)),
        ),
      )
    case 'carousel':
      return h(
        'div',
        { class: 'carousel', 'data-kind': 'kind-carousel' },
        ...(template.columns ?? []).map((/** @type {any} */ column) => templateCard(column, template)),
      )
    case 'image_carousel':
      return h(
        'div',
        { class: 'carousel', 'data-kind': 'kind-carousel' },
        ...(template.columns ?? []).map((/** @type {any} */ column) =>
          h(
            'button',
            { type: 'button', class: 'image-column', onclick: () => void performAction(column.action) },
            safeImage(column.imageUrl, column.action?.label ? '' : t('image')),
            column.action?.label ? h('span', {}, column.action.label) : null,
          ),
        ),
      )
    default:
      return fallbackBubble(message)
  }
}

/**
 * A buttons template, or one carousel column.
 * @param {any} column
 * @param {any} [template] the carousel, for its image settings
 */
function templateCard(column, template = column) {
  const ratio = template.imageAspectRatio === 'square' ? '1 / 1' : '1.51 / 1'
  const image = column.thumbnailImageUrl
    ? safeImage(column.thumbnailImageUrl, column.title ?? t('image'), 'card-image')
    : null
  if (image instanceof HTMLImageElement) {
    setStyle(image, {
      aspectRatio: ratio,
      objectFit: template.imageSize === 'contain' ? 'contain' : 'cover',
      backgroundColor: column.imageBackgroundColor ?? template.imageBackgroundColor,
    })
  }
  const card = h(
    'div',
    { class: 'card' },
    image,
    h(
      'div',
      { class: 'card-body' },
      column.title ? h('p', { class: 'card-title' }, column.title) : null,
      h('p', { class: 'card-text' }, column.text ?? ''),
    ),
    h('div', { class: 'card-actions' }, ...(column.actions ?? []).map(actionButton)),
  )
  if (column.defaultAction) {
    card
      .querySelector('.card-body')
      ?.addEventListener('click', () => void performAction(column.defaultAction))
  }
  return card
}

/** @param {Action} action */
function actionButton(action) {
  return h(
    'button',
    { type: 'button', class: 'card-action', onclick: () => void performAction(action) },
    actionLabel(action),
  )
}

/** @param {Action | undefined} action */
function actionLabel(action) {
  return action?.label ?? action?.text ?? action?.displayText ?? action?.uri ?? ''
}

// Flex ---------------------------------------------------------------------------------------

/** @param {any} message */
function flexMessage(message) {
  try {
    const contents = message.contents ?? {}
    if (contents.type === 'carousel') {
      return h(
        'div',
        { class: 'carousel', 'data-kind': 'kind-carousel' },
        ...(contents.contents ?? []).map(flexBubble),
      )
    }
    if (contents.type === 'bubble') {
      return h('div', { class: 'flex-single', 'data-kind': 'kind-card' }, flexBubble(contents))
    }
    throw new Unsupported(contents.type)
  } catch (err) {
    if (err instanceof Unsupported) return fallbackBubble(message)
    throw err
  }
}

/** @param {any} bubble */
function flexBubble(bubble) {
  if (bubble?.type !== 'bubble') throw new Unsupported(bubble?.type)
  const styles = bubble.styles ?? {}
  const el = h('div', { class: 'flex-bubble', dir: bubble.direction === 'rtl' ? 'rtl' : 'ltr' })
  const width =
    FLEX_BUBBLE[/** @type {keyof typeof FLEX_BUBBLE} */ (bubble.size ?? 'mega')] ?? FLEX_BUBBLE.mega
  setStyle(el, { '--bubble-width': `${width}px` })
  for (const part of ['header', 'hero', 'body', 'footer']) {
    const block = bubble[part]
    if (!block) continue
    const blockStyle = styles[part] ?? {}
    const section = h('div', { class: `flex-block flex-${part}` })
    setStyle(section, { backgroundColor: blockStyle.backgroundColor })
    if (blockStyle.separator && part !== 'header') {
      setStyle(section, { borderTop: `1px solid ${blockStyle.separatorColor ?? '#e5e5e5'}` })
    }
    section.append(flexComponent(block, 'vertical', part === 'hero'))
    el.append(section)
  }
  if (bubble.action) makeTappable(el, bubble.action)
  return el
}

/**
 * @param {any} component
 * @param {'vertical' | 'horizontal' | 'baseline'} parentLayout
 * @param {boolean} [hero] the hero block's image fills the bubble's width
 * @returns {HTMLElement}
 */
function flexComponent(component, parentLayout, hero = false) {
  switch (component?.type) {
    case 'box':
      return flexBox(component, parentLayout)
    case 'text':
      return flexText(component, parentLayout)
    case 'button':
      return flexButton(component, parentLayout)
    case 'image':
      return flexImage(component, parentLayout, hero)
    case 'icon':
      return flexIcon(component)
    case 'separator':
      return flexSeparator(component, parentLayout)
    case 'filler':
      return withFlex(h('div', { class: 'flex-filler' }), component, parentLayout, 1)
    case 'spacer':
      return h('div', {
        class: 'flex-spacer',
        style: { height: flexLength(component.size ?? 'md', FLEX_SPACING) },
      })
    case 'video':
      if (component.altContent) return flexComponent(component.altContent, parentLayout, hero)
      throw new Unsupported('video')
    default:
      throw new Unsupported(component?.type)
  }
}

/**
 * Applies the `flex` property the way LINE does: in a horizontal box children share the width
 * (default 1), in a vertical box they keep their height (default 0).
 * @param {HTMLElement} el
 * @param {any} component
 * @param {string} parentLayout
 * @param {number} [defaultInRow]
 */
function withFlex(el, component, parentLayout, defaultInRow = 1) {
  const inRow = parentLayout !== 'vertical'
  const grow = component.flex ?? (inRow ? defaultInRow : 0)
  setStyle(el, { flex: grow > 0 ? `${grow} 1 0` : '0 0 auto', minWidth: inRow ? '0' : undefined })
  applyPosition(el, component)
  return el
}

/**
 * @param {HTMLElement} el
 * @param {any} component
 */
function applyPosition(el, component) {
  setStyle(el, {
    position: component.position === 'absolute' ? 'absolute' : undefined,
    top: flexLength(component.offsetTop, FLEX_SPACING),
    bottom: flexLength(component.offsetBottom, FLEX_SPACING),
    insetInlineStart: flexLength(component.offsetStart, FLEX_SPACING),
    insetInlineEnd: flexLength(component.offsetEnd, FLEX_SPACING),
  })
  if (component.position !== 'absolute' && (component.offsetTop || component.offsetStart)) {
    setStyle(el, { position: 'relative' })
  }
}

/** @param {any} box @param {string} parentLayout */
function flexBox(box, parentLayout) {
  const layout = box.layout ?? 'vertical'
  const el = h('div', { class: `flex-box flex-${layout}` })
  withFlex(el, box, parentLayout)
  setStyle(el, {
    backgroundColor: box.backgroundColor,
    borderColor: box.borderColor,
    borderStyle: box.borderColor || box.borderWidth ? 'solid' : undefined,
    borderWidth: box.borderWidth ? flexBorder(box.borderWidth) : box.borderColor ? '1px' : undefined,
    borderRadius: flexLength(box.cornerRadius, FLEX_SPACING),
    width: box.width,
    maxWidth: box.maxWidth,
    height: box.height,
    maxHeight: box.maxHeight,
    padding: flexLength(box.paddingAll, FLEX_SPACING),
    paddingTop: flexLength(box.paddingTop, FLEX_SPACING),
    paddingBottom: flexLength(box.paddingBottom, FLEX_SPACING),
    paddingInlineStart: flexLength(box.paddingStart, FLEX_SPACING),
    paddingInlineEnd: flexLength(box.paddingEnd, FLEX_SPACING),
    justifyContent: box.justifyContent,
    alignItems: box.alignItems ?? (layout === 'baseline' ? 'baseline' : undefined),
  })
  if (box.background?.type === 'linearGradient') {
    setStyle(el, {
      backgroundImage: `linear-gradient(${box.background.angle ?? '0deg'}, ${box.background.startColor}, ${box.background.endColor})`,
    })
  }
  // A child's margin replaces the box's spacing before it.
  const spacing = flexLength(box.spacing, FLEX_SPACING)
  for (const [index, child] of (box.contents ?? []).entries()) {
    const childEl = flexComponent(child, layout)
    const margin = flexLength(child.margin, FLEX_SPACING)
    const gap = index > 0 ? (margin ?? spacing) : margin
    if (gap) setStyle(childEl, layout === 'vertical' ? { marginTop: gap } : { marginInlineStart: gap })
    el.append(childEl)
  }
  if (box.action) makeTappable(el, box.action)
  return el
}

/** @param {string} width */
function flexBorder(width) {
  const named = { none: '0', light: '0.5px', normal: '1px', medium: '2px', 'semi-bold': '3px', bold: '4px' }
  return named[/** @type {keyof typeof named} */ (width)] ?? width
}

/** @param {any} text @param {string} parentLayout */
function flexText(text, parentLayout) {
  const el = h('p', { class: 'flex-text' })
  withFlex(el, text, parentLayout)
  textStyle(el, text)
  setStyle(el, {
    textAlign: text.align === 'end' ? 'end' : text.align === 'center' ? 'center' : undefined,
    alignSelf: gravity(text.gravity),
    lineHeight: text.lineSpacing ? `calc(1.4em + ${text.lineSpacing})` : undefined,
  })
  if (text.wrap) el.classList.add('wrap')
  if (text.maxLines) {
    el.classList.add('clamp')
    setStyle(el, { '-webkit-line-clamp': String(text.maxLines) })
  }
  if (Array.isArray(text.contents) && text.contents.length) {
    for (const span of text.contents) {
      if (span.type !== 'span') throw new Unsupported(span.type)
      const spanEl = h('span', {}, span.text ?? '')
      textStyle(spanEl, span)
      el.append(spanEl)
    }
  } else {
    el.append(text.text ?? '')
  }
  if (text.action) makeTappable(el, text.action)
  return el
}

/**
 * @param {HTMLElement} el
 * @param {any} text a text or span component
 */
function textStyle(el, text) {
  setStyle(el, {
    fontSize: flexLength(text.size, FLEX_TEXT),
    fontWeight: text.weight === 'bold' ? '700' : undefined,
    fontStyle: text.style === 'italic' ? 'italic' : undefined,
    color: text.color,
    textDecoration:
      text.decoration === 'underline' || text.decoration === 'line-through' ? text.decoration : undefined,
  })
}

/** @param {string | undefined} value */
function gravity(value) {
  return value === 'center' ? 'center' : value === 'bottom' ? 'flex-end' : undefined
}

/** @param {any} button @param {string} parentLayout */
function flexButton(button, parentLayout) {
  const style = button.style ?? 'link'
  const el = h(
    'button',
    {
      type: 'button',
      class: `flex-button flex-button-${style} ${button.height === 'sm' ? 'small' : ''}`,
      onclick: () => void performAction(button.action),
    },
    actionLabel(button.action),
  )
  withFlex(el, button, parentLayout)
  if (button.color)
    setStyle(el, style === 'link' ? { color: button.color } : { backgroundColor: button.color })
  setStyle(el, { alignSelf: gravity(button.gravity) })
  return el
}

/** @param {any} image @param {string} parentLayout @param {boolean} hero */
function flexImage(image, parentLayout, hero) {
  const [w, hgt] = String(image.aspectRatio ?? '1:1')
    .split(':')
    .map(Number)
  const size = image.size ?? (hero ? 'full' : 'md')
  const img = safeImage(image.url, image.action?.label ?? '', 'flex-img')
  setStyle(img, {
    aspectRatio: w && hgt ? `${w} / ${hgt}` : undefined,
    objectFit: image.aspectMode === 'cover' ? 'cover' : 'contain',
    backgroundColor: image.backgroundColor,
  })
  const wrap = h('div', { class: 'flex-image' }, img)
  withFlex(wrap, image, parentLayout)
  setStyle(wrap, {
    justifyContent: image.align === 'start' ? 'flex-start' : image.align === 'end' ? 'flex-end' : 'center',
    alignSelf: gravity(image.gravity),
  })
  setStyle(img, { width: size === 'full' ? '100%' : flexLength(size, FLEX_IMAGE), maxWidth: '100%' })
  if (image.action) makeTappable(wrap, image.action)
  return wrap
}

/** @param {any} icon */
function flexIcon(icon) {
  const img = safeImage(icon.url, '', 'flex-icon')
  setStyle(img, { height: flexLength(icon.size ?? 'md', FLEX_TEXT) ?? '1em' })
  return h('span', { class: 'flex-icon-wrap' }, img)
}

/** @param {any} separator @param {string} parentLayout */
function flexSeparator(separator, parentLayout) {
  const el = h('div', { class: parentLayout === 'vertical' ? 'flex-separator' : 'flex-separator vertical' })
  if (separator.color) setStyle(el, { borderColor: separator.color })
  return el
}

/**
 * Makes a Flex block (box, text, image or whole bubble) perform an action on tap.
 * @param {HTMLElement} el
 * @param {Action} action
 */
function makeTappable(el, action) {
  el.classList.add('tappable')
  el.setAttribute('role', 'button')
  el.setAttribute('tabindex', '0')
  if (action.label) el.setAttribute('aria-label', action.label)
  el.addEventListener('click', (event) => {
    event.stopPropagation()
    void performAction(action)
  })
  el.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      void performAction(action)
    }
  })
}

// Imagemap -----------------------------------------------------------------------------------

/** @param {any} message */
function imagemapMessage(message) {
  const size = message.baseSize ?? { width: 1040, height: 1040 }
  const img = safeImage(
    message.baseUrl ? `${message.baseUrl}/1040` : undefined,
    message.altText ?? '',
    'imagemap-img',
  )
  const wrap = h('div', { class: 'imagemap', 'data-kind': 'kind-media' }, img)
  setStyle(wrap, { aspectRatio: `${size.width} / ${size.height}` })
  for (const [index, area] of (message.actions ?? []).entries()) {
    const action = area.type === 'uri' ? { ...area, uri: area.linkUri } : area
    wrap.append(
      h('button', {
        type: 'button',
        class: 'tap-area',
        'aria-label': area.label ?? area.text ?? t('area', { n: index + 1 }),
        style: areaBox(area.area, size),
        onclick: () => void performAction(action),
      }),
    )
  }
  return h('div', { 'data-kind': 'kind-media' }, wrap, h('p', { class: 'alt-text' }, message.altText ?? ''))
}

// ---------------------------------------------------------------------------------------------
// Quick replies

function renderQuickReplies() {
  const bar = $('quick-replies')
  const replies = state.friendship === 'following' ? currentQuickReplies(state.items) : []
  bar.hidden = replies.length === 0
  $('chips').replaceChildren(
    ...replies.map((reply) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip',
          onclick: () => {
            bar.hidden = true
            void performAction(reply.action)
          },
        },
        reply.imageUrl ? h('img', { src: reply.imageUrl, alt: '', class: 'chip-icon' }) : null,
        actionLabel(reply.action) || quickActionLabel(reply.action?.type),
      ),
    ),
  )
}

/** @param {string | undefined} type */
function quickActionLabel(type) {
  if (type === 'location') return t('sendLocation')
  if (type === 'camera' || type === 'cameraRoll') return t('sendImage')
  return type ?? ''
}

// ---------------------------------------------------------------------------------------------
// Sending

/**
 * Runs `send` (a control API call that delivers a webhook) and shows the webhook's outcome under
 * the resident message it produced, or in the notice bar when it produced none.
 * @param {() => Promise<WebhookResult>} send
 * @returns {Promise<ChatItem | null>} the resident message it produced
 */
async function deliver(send) {
  const generation = state.generation
  const before = new Set(state.items.map((item) => item.id))
  try {
    const result = await send()
    if (generation !== state.generation) return null
    await loadChat(generation)
    const added = state.items.filter((item) => !before.has(item.id) && item.from === 'resident')
    const produced = added[added.length - 1] ?? null
    reportWebhook(result, produced?.id ?? null)
    void loadRichMenu(generation)
    return produced
  } catch (err) {
    showNotice(t('error', { message: errorMessage(err) }))
    renderQuickReplies()
    throw err
  }
}

/**
 * @param {any} message
 * @returns {Promise<ChatItem | null>}
 */
async function sendMessage(message) {
  const { userId, channelId } = state
  if (!userId || !channelId) return null
  return deliver(() => api('POST', `${residentPath(userId)}/messages`, { channelId, message }))
}

/**
 * @param {{ data: string, displayText?: string, params?: Record<string, string> }} postback
 */
async function sendPostback(postback) {
  const { userId, channelId } = state
  if (!userId || !channelId) return
  await deliver(() => api('POST', `${residentPath(userId)}/postback`, { channelId, ...postback }))
}

async function sendTyped() {
  const input = $('message-input')
  const text = input.value
  if (!text.trim()) return
  input.value = ''
  autoGrow()
  try {
    await sendMessage({ type: 'text', text })
  } catch {
    if (!input.value) input.value = text
    autoGrow()
  }
}

/** @param {KeyboardEvent} event */
function onInputKey(event) {
  // An Enter that confirms an IME conversion (Japanese input) must not send.
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return
  event.preventDefault()
  void sendTyped()
}

function autoGrow() {
  const input = $('message-input')
  input.style.height = 'auto'
  input.style.height = `${Math.min(input.scrollHeight, 120)}px`
}

/**
 * Performs what tapping an action does in LINE.
 * @param {Action | undefined} action
 */
async function performAction(action) {
  if (!action) return
  // Only a tap in the chat just now (not a rich menu tap after an earlier one in the chat).
  const origin = state.tapOrigin && Date.now() - state.tapOrigin.at < 1000 ? state.tapOrigin.target : null
  state.tapOrigin = null
  try {
    switch (action.type) {
      case 'message':
        return await sendMessage({ type: 'text', text: action.text ?? action.label ?? '' })
      case 'postback':
        await sendPostback({
          data: action.data ?? '',
          ...(action.displayText || action.text ? { displayText: action.displayText ?? action.text } : {}),
        })
        return applyInputOption(action)
      case 'uri':
        recordClick(origin, action.uri ?? action.linkUri ?? '')
        return await openUri(action.uri ?? action.linkUri ?? '')
      case 'datetimepicker':
        return openDatetimeSheet(action)
      case 'location':
        return openLocationSheet()
      case 'camera':
      case 'cameraRoll':
        return pickImage(action.type === 'camera')
      case 'richmenuswitch':
        await sendPostback({
          data: action.data ?? '',
          params: { newRichMenuAliasId: action.richMenuAliasId ?? '' },
        })
        state.richMenuKey = ''
        return await loadRichMenu()
      case 'clipboard':
        await navigator.clipboard?.writeText(action.clipboardText ?? '')
        return showNotice(t('copied', { text: action.clipboardText ?? '' }))
      default:
        return showNotice(t('unsupported'))
    }
  } catch {
    // deliver() has already shown the error
  }
}

/** @param {Action} action */
function applyInputOption(action) {
  if (action.fillInText) {
    $('message-input').value = action.fillInText
    autoGrow()
  }
  if (action.inputOption === 'openKeyboard' || action.fillInText) {
    setRichMenuOpen(false)
    $('message-input').focus()
  } else if (action.inputOption === 'openRichMenu') setRichMenuOpen(true)
  else if (action.inputOption === 'closeRichMenu') setRichMenuOpen(false)
}

/**
 * Tells the emulator a URL of a bot message was opened (LINE counts it in the statistics' clicks).
 * @param {EventTarget | null} origin what was tapped
 * @param {string} url
 */
function recordClick(origin, url) {
  const row = origin instanceof Element ? origin.closest('li.row-bot') : null
  const messageId = row instanceof HTMLElement ? row.dataset.id : undefined
  const resident = currentResident()
  if (!messageId || !resident || !url) return
  void api('POST', `${residentPath(resident.userId)}/click`, {
    channelId: state.channelId,
    messageId,
    url,
  }).catch(() => {})
}

/** @param {string} uri */
async function openUri(uri) {
  if (!uri) return
  if (liffTarget(uri, currentChannel()?.liff)) return openLiff(uri)
  window.open(uri, '_blank', 'noopener,noreferrer')
}

// ---------------------------------------------------------------------------------------------
// Sheets: location and date/time

/**
 * Opens the bottom sheet with the given form fields; `onSubmit` gets the form data.
 * @param {string} title
 * @param {HTMLElement[]} fields
 * @param {string} submitLabel
 * @param {(data: FormData) => void} onSubmit
 */
function openSheet(title, fields, submitLabel, onSubmit) {
  closeSheet()
  setPlusMenu(false)
  const form = $('sheet-form')
  $('sheet-title').textContent = title
  form.replaceChildren(
    ...fields,
    h(
      'div',
      { class: 'sheet-buttons' },
      h('button', { type: 'button', class: 'secondary-button', onclick: closeSheet }, t('cancel')),
      h('button', { type: 'submit', class: 'primary-button' }, submitLabel),
    ),
  )
  form.onsubmit = (/** @type {SubmitEvent} */ event) => {
    event.preventDefault()
    const data = new FormData(form)
    closeSheet()
    onSubmit(data)
  }
  $('sheet').hidden = false
  form.querySelector('input')?.focus()
}

function closeSheet() {
  const sheet = document.getElementById('sheet')
  if (sheet) sheet.hidden = true
}

/**
 * @param {string} name
 * @param {string} label
 * @param {Record<string, string>} attributes
 */
function sheetField(name, label, attributes) {
  const id = `sheet-${name}`
  return h(
    'div',
    { class: 'sheet-field' },
    h('label', { for: id }, label),
    h('input', { id, name, class: 'field', ...attributes }),
  )
}

function openLocationSheet() {
  openSheet(
    t('locationTitle'),
    [
      sheetField('title', t('placeName'), { value: t('defaultPlace') }),
      sheetField('address', t('address'), { value: t('defaultAddress') }),
      sheetField('latitude', t('latitude'), {
        value: String(DEFAULT_LOCATION.latitude),
        type: 'number',
        step: 'any',
        min: '-90',
        max: '90',
        required: 'true',
      }),
      sheetField('longitude', t('longitude'), {
        value: String(DEFAULT_LOCATION.longitude),
        type: 'number',
        step: 'any',
        min: '-180',
        max: '180',
        required: 'true',
      }),
    ],
    t('sendLocationButton'),
    (data) => {
      const title = String(data.get('title') ?? '').trim()
      const address = String(data.get('address') ?? '').trim()
      void sendMessage({
        type: 'location',
        ...(title ? { title } : {}),
        ...(address ? { address } : {}),
        latitude: Number(data.get('latitude')),
        longitude: Number(data.get('longitude')),
      }).catch(() => {})
    },
  )
}

/** @param {Action} action */
function openDatetimeSheet(action) {
  const mode = action.mode ?? 'datetime'
  const type = mode === 'date' ? 'date' : mode === 'time' ? 'time' : 'datetime-local'
  const titles = { date: 'dateTitle', time: 'timeTitle', datetime: 'datetimeTitle' }
  const title = action.label ?? t(titles[/** @type {keyof typeof titles} */ (mode)] ?? 'datetimeTitle')
  /** @type {Record<string, string>} */
  const attributes = { type, required: 'true' }
  if (action.initial) attributes.value = action.initial
  if (action.min) attributes.min = action.min
  if (action.max) attributes.max = action.max
  openSheet(title, [sheetField('value', title, attributes)], t('ok'), (data) => {
    void sendPostback({
      data: action.data ?? '',
      params: datetimeParams(mode, String(data.get('value'))),
    }).catch(() => {})
  })
}

/** @param {boolean} camera */
function pickImage(camera) {
  setPlusMenu(false)
  const input = $('image-input')
  if (camera) input.setAttribute('capture', 'environment')
  else input.removeAttribute('capture')
  input.value = ''
  input.click()
}

async function sendPickedImage() {
  const input = $('image-input')
  const file = input.files?.[0]
  if (!file) return
  try {
    const dataUrl = await imageDataUrl(file)
    await sendMessage({ type: 'image', dataUrl })
  } catch (err) {
    showNotice(t('error', { message: errorMessage(err) }))
  }
}

/**
 * A PNG or JPEG data URL of the picked file (other image types are redrawn as PNG).
 * @param {File} file
 * @returns {Promise<string>}
 */
async function imageDataUrl(file) {
  const dataUrl = await new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
  if (/^data:image\/(png|jpeg);/.test(dataUrl)) return dataUrl
  const bitmap = await createImageBitmap(file)
  const canvas = document.createElement('canvas')
  canvas.width = bitmap.width
  canvas.height = bitmap.height
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0)
  return canvas.toDataURL('image/png')
}

// ---------------------------------------------------------------------------------------------
// Rich menu

function renderRichMenu() {
  const section = $('richmenu')
  const answer = state.richMenu
  const menu = answer?.richMenu
  if (!menu || state.friendship !== 'following' || !currentResident()) {
    section.hidden = true
    $('richmenu-panel').replaceChildren()
    return
  }
  section.hidden = false
  const bar = $('richmenu-bar')
  bar.replaceChildren(
    h('span', {}, menu.chatBarText ?? t('richMenu')),
    h('span', { class: 'richmenu-arrow', 'aria-hidden': 'true' }, state.richMenuOpen ? '▼' : '▲'),
  )
  bar.setAttribute('aria-expanded', String(state.richMenuOpen))
  const panel = $('richmenu-panel')
  panel.hidden = !state.richMenuOpen
  const size = menu.size ?? { width: 2500, height: 1686 }
  const frame = h(
    'div',
    { class: 'richmenu-frame', style: { aspectRatio: `${size.width} / ${size.height}` } },
    safeImage(answer.imageUrl ?? undefined, menu.name ?? t('richMenu'), 'richmenu-img'),
    ...(menu.areas ?? []).map((/** @type {any} */ area, /** @type {number} */ index) =>
      h('button', {
        type: 'button',
        class: 'tap-area',
        'aria-label': actionLabel(area.action) || t('area', { n: index + 1 }),
        style: areaBox(area.bounds, size),
        onclick: () => void performAction(area.action),
      }),
    ),
  )
  panel.replaceChildren(frame)
}

/** @param {boolean} open */
function setRichMenuOpen(open) {
  state.richMenuOpen = open
  renderRichMenu()
}

// ---------------------------------------------------------------------------------------------
// LIFF

/** the URL the LIFF overlay shows, without the ID token, for "open in a new tab" */
let liffPlainUrl = ''

/**
 * Opens the channel's LIFF app as the current resident (a fresh ID token each time).
 * @param {string} [uri] a tapped LIFF URL; its sub-path and query are kept
 */
async function openLiff(uri) {
  const { userId, channelId } = state
  const liff = currentChannel()?.liff
  closeMoreMenu()
  if (!userId || !channelId || !liff) return showNotice(t('noLiff'))
  const target = (uri ? liffTarget(uri, liff) : null) ?? { path: '', query: '' }
  try {
    const { liffUrl } = await api('POST', `${residentPath(userId)}/liff-token`, { channelId })
    const url = buildLiffUrl(liffUrl, target)
    liffPlainUrl = url.split('#')[0] ?? url
    const frame = $('liff-frame')
    frame.src = url
    $('liff-title').textContent = currentChannel()?.name ?? 'LIFF'
    $('liff-host').textContent = hostOf(url)
    const overlay = $('liff')
    overlay.dataset.size = state.liffSize
    overlay.hidden = false
    requestAnimationFrame(() => overlay.classList.add('open'))
    $('liff-close').focus()
  } catch (err) {
    showNotice(t('error', { message: errorMessage(err) }))
  }
}

/** @param {string} url */
function hostOf(url) {
  try {
    return new URL(url).host
  } catch {
    return ''
  }
}

function onLiffLoad() {
  const frame = $('liff-frame')
  try {
    // Readable only when the LIFF app is served from the emulator's own origin.
    const title = frame.contentDocument?.title
    if (title) $('liff-title').textContent = title
    const href = frame.contentWindow?.location.href
    if (href && href !== 'about:blank') $('liff-host').textContent = hostOf(href)
  } catch {
    // another origin: keep the account name and host
  }
}

function closeLiff() {
  const overlay = document.getElementById('liff')
  if (!overlay || overlay.hidden) return
  overlay.classList.remove('open')
  overlay.hidden = true
  $('liff-frame').src = 'about:blank'
  liffPlainUrl = ''
}

function toggleLiffSize() {
  state.liffSize = state.liffSize === 'full' ? 'tall' : 'full'
  $('liff').dataset.size = state.liffSize
}

// ---------------------------------------------------------------------------------------------
// Live updates

function subscribe() {
  const source = new EventSource('/_emulator/events')
  let wasDisconnected = false
  source.addEventListener('open', () => {
    setConnection('connected')
    if (wasDisconnected) {
      wasDisconnected = false
      void refreshEverything()
    }
  })
  source.addEventListener('error', () => {
    wasDisconnected = true
    setConnection(source.readyState === EventSource.CLOSED ? 'disconnected' : 'connecting')
    if (source.readyState === EventSource.CLOSED) setTimeout(subscribe, 3000)
  })
  source.addEventListener('chat', (event) => onChatEvent(parse(event)))
  source.addEventListener('residents', () => void loadResidents().catch(() => {}))
  source.addEventListener('richmenu', (event) => {
    const data = parse(event)
    if (data?.channelId !== state.channelId || (data.userId && data.userId !== state.userId)) return
    void loadRichMenu()
  })
  source.addEventListener('loading', (event) => {
    const data = parse(event)
    if (isCurrentChat(data)) showLoading(Number(data.seconds) || 20)
  })
  source.addEventListener('read', (event) => {
    const data = parse(event)
    if (!isCurrentChat(data)) return
    state.readUpTo = data.messageId
    renderReadMarks()
  })
  // Also accept unnamed events carrying { type, … }.
  source.addEventListener('message', (event) => {
    const data = parse(event)
    if (data?.type === 'chat') onChatEvent(data)
    else if (data?.type === 'residents') void loadResidents().catch(() => {})
  })
}

/** @param {MessageEvent} event */
function parse(event) {
  try {
    return JSON.parse(event.data)
  } catch {
    return null
  }
}

/** @param {{ userId?: string, channelId?: string } | null} data */
function isCurrentChat(data) {
  return Boolean(data && data.userId === state.userId && data.channelId === state.channelId)
}

/** @param {{ userId: string, channelId: string, item: ChatItem } | null} data */
function onChatEvent(data) {
  if (!data?.item || !isCurrentChat(data)) return
  if (data.item.from === 'bot') {
    state.loadingUntil = 0
    clearTimeout(loadingTimer)
  }
  state.items = mergeItems(state.items, [data.item])
  renderChat()
}

async function refreshEverything() {
  await Promise.all([loadChannels(), loadResidents()]).catch(() => {})
  renderHeader()
  await loadFriendship()
  await loadChat().catch(() => {})
  await loadRichMenu()
}

/** @type {'connected' | 'connecting' | 'disconnected'} */
let connection = 'connecting'

/** @param {'connected' | 'connecting' | 'disconnected'} next */
function setConnection(next) {
  connection = next
  renderConnection()
}

function renderConnection() {
  const el = $('connection')
  el.dataset.state = connection
  el.textContent = t(connection)
}

// ---------------------------------------------------------------------------------------------
// Boot

/** @param {unknown} err */
function errorMessage(err) {
  return err instanceof Error ? err.message : String(err)
}

function tickClock() {
  const now = new Date()
  $('clock').textContent = `${now.getHours()}:${String(now.getMinutes()).padStart(2, '0')}`
}

function wireEvents() {
  $('lang-toggle').addEventListener('click', toggleLanguage)
  $('channel-select').addEventListener('change', (/** @type {Event} */ event) => {
    void selectChannel(/** @type {HTMLSelectElement} */ (event.target).value)
  })
  $('create-form').addEventListener(
    'submit',
    (/** @type {SubmitEvent} */ event) => void createResident(event),
  )
  $('back-button').addEventListener('click', () => {
    $('sidebar').scrollIntoView({ behavior: 'smooth', block: 'start' })
    $('resident-list').querySelector('button[aria-pressed="true"]')?.focus()
  })
  $('more-button').addEventListener('click', () => setMoreMenu($('more-menu').hidden))
  $('reload-button').addEventListener('click', () => {
    closeMoreMenu()
    void refreshEverything()
  })
  $('block-button').addEventListener('click', () => void unfollow())
  $('liff-button').addEventListener('click', () => void openLiff())
  $('add-friend-button').addEventListener('click', () => void follow())
  $('notice-close').addEventListener('click', hideNotice)
  $('composer').addEventListener('submit', (/** @type {SubmitEvent} */ event) => {
    event.preventDefault()
    void sendTyped()
  })
  $('message-input').addEventListener('keydown', onInputKey)
  $('message-input').addEventListener('input', autoGrow)
  $('plus-button').addEventListener('click', () => setPlusMenu($('plus-menu').hidden))
  $('plus-location').addEventListener('click', openLocationSheet)
  $('plus-image').addEventListener('click', () => pickImage(false))
  $('image-input').addEventListener('change', () => void sendPickedImage())
  $('richmenu-bar').addEventListener('click', () => setRichMenuOpen(!state.richMenuOpen))
  $('liff-close').addEventListener('click', closeLiff)
  $('liff-size').addEventListener('click', toggleLiffSize)
  $('liff-tab').addEventListener('click', () => {
    if (liffPlainUrl) window.open(liffPlainUrl, '_blank', 'noopener,noreferrer')
  })
  $('liff-frame').addEventListener('load', onLiffLoad)
  document.addEventListener('keydown', onEscape)
  // Remember what in the chat was tapped, so an opened URL is counted for its message.
  for (const type of ['click', 'keydown']) {
    $('messages').addEventListener(
      type,
      (event) => (state.tapOrigin = { target: event.target, at: Date.now() }),
      {
        capture: true,
      },
    )
  }
  $('image-viewer-close').addEventListener('click', closeImageViewer)
  $('image-viewer').addEventListener('click', (event) => {
    if (event.target === $('image-viewer')) closeImageViewer()
  })
  document.addEventListener('click', closePopoversOutside)
}

/** @param {KeyboardEvent} event */
function onEscape(event) {
  if (event.key !== 'Escape') return
  if (!$('image-viewer').hidden) closeImageViewer()
  else if (!$('more-menu').hidden) {
    closeMoreMenu()
    $('more-button').focus()
  } else if (!$('plus-menu').hidden) {
    setPlusMenu(false)
    $('plus-button').focus()
  } else if (!$('sheet').hidden) closeSheet()
  else if (!$('liff').hidden) closeLiff()
}

/** @param {MouseEvent} event */
function closePopoversOutside(event) {
  const target = /** @type {Node} */ (event.target)
  if (!$('more-menu').hidden && !$('more-menu').contains(target) && !$('more-button').contains(target)) {
    closeMoreMenu()
  }
  if (!$('plus-menu').hidden && !$('plus-menu').contains(target) && !$('plus-button').contains(target)) {
    setPlusMenu(false)
  }
}

async function boot() {
  try {
    const saved = localStorage.getItem(LANG_KEY)
    if (saved === 'ja' || saved === 'en') state.lang = saved
  } catch {
    // no storage: Japanese
  }
  const params = new URLSearchParams(window.location.search)
  state.userId = params.get('user')
  state.channelId = params.get('channel')
  fillLanguageSelect()
  applyLanguage()
  renderConnection()
  wireEvents()
  followResizes()
  tickClock()
  setInterval(tickClock, 30_000)
  subscribe()
  try {
    await Promise.all([loadChannels(), loadResidents()])
  } catch (err) {
    showNotice(t('error', { message: errorMessage(err) }))
  }
  if (state.userId && !currentResident()) state.userId = null
  rememberInUrl()
  await openChat()
}

if (typeof document !== 'undefined' && document.getElementById('messages')) void boot()
