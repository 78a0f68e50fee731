import type { ResidentMessages } from './ja.ts'

/** Resident (LIFF) messages in Korean; typed by the Japanese file. */
export const ko: ResidentMessages = {
  common: {
    language: '언어',
    retry: '다시 시도',
    loading: '불러오는 중…',
  },
  languages: {
    ja: '일본어',
    en: '영어',
    ko: '한국어',
    'zh-Hans': '중국어(간체)',
    'zh-Hant': '중국어(번체)',
    'ja-easy': '쉬운 일본어',
  },
  signIn: {
    title: '로그인하는 중입니다',
    description: 'LINE 계정 정보를 확인하고 있습니다. 잠시만 기다려 주세요.',
    failedTitle: '로그인하지 못했습니다',
    cookiesBlocked: '로그인 정보를 저장하지 못했습니다. LINE 앱에서 이 페이지를 다시 열어 주세요.',
  },
  myPage: {
    title: '마이페이지',
    nameLabel: 'LINE 표시 이름',
    noName: '표시 이름이 없습니다',
    pictureAlt: '{{name}} 님의 프로필 사진',
    friendTitle: '친구 추가',
    friend: '이 공식 계정과 친구입니다',
    friendDescription: '{{account}}의 소식을 LINE으로 받을 수 있습니다.',
    notFriend: '아직 친구가 아닙니다',
    notFriendDescription:
      '{{account}}을(를) 친구로 추가하면 소식을 LINE으로 받을 수 있습니다. 대화 화면의 메뉴 등에서 추가해 주세요.',
    languageTitle: '표시 언어',
    languageDescription:
      '이 페이지에 표시되는 언어입니다. 소식도 이 언어로 준비된 경우에는 이 언어로 받습니다.',
    languageSave: '이 언어로 설정',
    languageSaved: '표시 언어를 변경했습니다',
  },
  errors: {
    liff_token_invalid: 'LINE 로그인 정보를 확인하지 못했습니다. 다시 시도해 주세요.',
    liff_not_configured: '이 페이지는 아직 준비 중입니다. 잠시 후 다시 열어 주세요.',
    liff_init_failed: 'LINE에 연결하지 못했습니다. LINE 앱에서 이 페이지를 다시 열어 주세요.',
    liff_token_missing: 'LINE 로그인 정보를 찾지 못했습니다. LINE 앱에서 이 페이지를 다시 열어 주세요.',
    unauthenticated: '로그인 유효 기간이 지났습니다. 다시 시도해 주세요.',
    not_found: '찾으시는 정보가 없습니다.',
    invalid_input: '입력한 내용을 확인해 주세요.',
    internal: '시스템 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.',
    network: '통신하지 못했습니다. 전파가 잘 잡히는 곳에서 다시 시도해 주세요.',
  },
  errorPage: {
    notFoundTitle: '페이지를 찾을 수 없습니다',
    notFoundDescription: '주소가 잘못되었거나 페이지가 삭제되었을 수 있습니다.',
    internalTitle: '오류가 발생했습니다',
    internalDescription: '잠시 후 다시 시도해 주세요.',
    statusCode: '오류 코드 {{status}}',
    reload: '페이지 다시 불러오기',
  },
}
