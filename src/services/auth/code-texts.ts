/** The SMS that carries a one-time code, in the account's language (English when unknown). */
const TEMPLATES: Record<string, (code: string) => string> = {
  en: (code) => `simledger code: ${code} (valid 10 min). Do not share it.`,
  'zh-Hans': (code) => `simledger 验证码：${code}（10分钟内有效），请勿告诉他人。`,
  'zh-Hant': (code) => `simledger 驗證碼：${code}（10分鐘內有效），請勿告訴他人。`,
  ja: (code) => `simledger 認証コード：${code}（10分間有効）。他人に教えないでください。`,
  ko: (code) => `simledger 인증번호: ${code} (10분간 유효). 타인에게 알려주지 마세요.`,
  ru: (code) => `Код simledger: ${code} (действует 10 мин). Никому его не сообщайте.`,
  // U+2066/U+2069 isolate the digits so they read left to right inside the Arabic sentence.
  ar: (code) => `رمز simledger: \u2066${code}\u2069 (صالح 10 دقائق). لا تشاركه مع أحد.`,
};

export function codeText(language: string, code: string): string {
  return (TEMPLATES[language] ?? TEMPLATES['en']!)(code);
}
