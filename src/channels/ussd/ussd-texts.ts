/** What the USSD menu says, in the seven languages of the product. Every screen fits 182 characters. */

export const USSD_LANGUAGES = ['zh-Hans', 'zh-Hant', 'en', 'ja', 'ko', 'ru', 'ar'] as const;
export type UssdLanguage = (typeof USSD_LANGUAGES)[number];

/** Each language named in itself, in the order of the language menu (1-7). */
export const LANGUAGE_NAMES: Record<UssdLanguage, string> = {
  'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', en: 'English', ja: '日本語', ko: '한국어', ru: 'Русский', ar: 'العربية',
};

export type TopUpFailure = 'invalid_voucher' | 'other';

export interface UssdTexts {
  menu: string; invalid: string; failed: string; bye: string; unknown: string;
  balance: (money: string, asOf: string) => string;
  dataTitle: string; dataUntil: (amount: string, until: string) => string; dataNotStarted: (amount: string) => string;
  noData: string; more: (n: number) => string;
  recordsTitle: string; noRecords: string; kinds: { data: string; voice: string; sms: string };
  askVoucher: string; topupOk: (money: string) => string; topupFailed: Record<TopUpFailure, string>;
  languageTitle: string; back: string; languageSaved: string;
  askPin: string; pinSaved: string; pinInvalid: string;
}

const MENU = (items: string[]) => ['simledger *100#', ...items.map((item, i) => `${i === 6 ? 0 : i + 1} ${item}`)].join('\n');

export const USSD_TEXTS: Record<UssdLanguage, UssdTexts> = {
  en: {
    menu: MENU(['Balance', 'Data left', 'Last 5 records', 'Top up (voucher)', 'Language', 'Hotline PIN', 'Exit']),
    invalid: 'Invalid choice.', failed: 'Service unavailable. Please try again later.', bye: 'Thank you. Goodbye.',
    unknown: 'This number has no simledger eSIM. Help: call the hotline or visit simledger.dev/help',
    balance: (m, at) => `Balance: ${m}\nAs of ${at}`,
    dataTitle: 'Data left:', dataUntil: (a, u) => `${a} to ${u}`, dataNotStarted: (a) => `${a} (not started)`,
    noData: 'No data plan. Data is charged to your balance.', more: (n) => `+${n} more`,
    recordsTitle: 'Last records:', noRecords: 'No usage yet.', kinds: { data: 'Data', voice: 'Call', sms: 'SMS' },
    askVoucher: 'Enter the 16-digit voucher PIN:', topupOk: (m) => `Top-up done: ${m} added.`,
    topupFailed: {
      invalid_voucher: 'Invalid voucher PIN.', other: 'Top-up failed. Please try again later.',
    },
    languageTitle: 'Choose language:', back: 'Back', languageSaved: 'Language set to English.',
    askPin: 'New hotline PIN (4-8 digits):', pinSaved: 'Hotline PIN saved.', pinInvalid: 'PIN not saved: use 4-8 digits, not 1234 or 1111.',
  },
  'zh-Hans': {
    menu: MENU(['余额', '剩余流量', '最近5条记录', '充值卡充值', '语言', '热线密码', '退出']),
    invalid: '选择无效。', failed: '服务暂不可用，请稍后再试。', bye: '谢谢，再见。',
    unknown: '此号码没有simledger eSIM。帮助：请致电客服热线或访问 simledger.dev/help',
    balance: (m, at) => `余额：${m}\n截至 ${at}`,
    dataTitle: '剩余流量：', dataUntil: (a, u) => `${a}，至${u}`, dataNotStarted: (a) => `${a}（未启用）`,
    noData: '没有流量套餐，流量从余额扣费。', more: (n) => `另有${n}项`,
    recordsTitle: '最近记录：', noRecords: '暂无使用记录。', kinds: { data: '流量', voice: '通话', sms: '短信' },
    askVoucher: '请输入16位充值卡密码：', topupOk: (m) => `充值成功：已加${m}。`,
    topupFailed: {
      invalid_voucher: '充值卡密码无效。', other: '充值失败，请稍后再试。',
    },
    languageTitle: '选择语言：', back: '返回', languageSaved: '语言已设为简体中文。',
    askPin: '设置热线密码（4-8位数字）：', pinSaved: '热线密码已保存。', pinInvalid: '密码未保存：请用4-8位数字，勿用1234或1111。',
  },
  'zh-Hant': {
    menu: MENU(['餘額', '剩餘數據', '最近5項記錄', '儲值卡增值', '語言', '熱線密碼', '退出']),
    invalid: '選擇無效。', failed: '服務暫時未能使用，請稍後再試。', bye: '多謝，再見。',
    unknown: '此號碼沒有simledger eSIM。協助：請致電客戶服務熱線或瀏覽 simledger.dev/help',
    balance: (m, at) => `餘額：${m}\n截至 ${at}`,
    dataTitle: '剩餘數據：', dataUntil: (a, u) => `${a}，至${u}`, dataNotStarted: (a) => `${a}（未啟用）`,
    noData: '沒有數據計劃，數據從餘額扣費。', more: (n) => `另有${n}項`,
    recordsTitle: '最近記錄：', noRecords: '暫無使用記錄。', kinds: { data: '數據', voice: '通話', sms: '短訊' },
    askVoucher: '請輸入16位儲值卡密碼：', topupOk: (m) => `增值成功：已加${m}。`,
    topupFailed: {
      invalid_voucher: '儲值卡密碼無效。', other: '增值失敗，請稍後再試。',
    },
    languageTitle: '選擇語言：', back: '返回', languageSaved: '語言已設為繁體中文。',
    askPin: '設定熱線密碼（4-8位數字）：', pinSaved: '熱線密碼已儲存。', pinInvalid: '密碼未儲存：請用4-8位數字，勿用1234或1111。',
  },
  ja: {
    menu: MENU(['残高', '残りデータ量', '直近5件の利用', 'バウチャーでチャージ', '言語', '電話窓口PIN', '終了']),
    invalid: '無効な選択です。', failed: 'ただいま利用できません。後でお試しください。', bye: 'ご利用ありがとうございました。',
    unknown: 'この番号にsimledger eSIMはありません。ヘルプ：電話窓口または simledger.dev/help',
    balance: (m, at) => `残高：${m}\n${at}時点`,
    dataTitle: '残りデータ量：', dataUntil: (a, u) => `${a}（${u}まで）`, dataNotStarted: (a) => `${a}（未開始）`,
    noData: 'データプランがありません。データ通信は残高から引かれます。', more: (n) => `他${n}件`,
    recordsTitle: '直近の利用：', noRecords: '利用履歴はまだありません。', kinds: { data: 'データ', voice: '通話', sms: 'SMS' },
    askVoucher: '16桁のバウチャーPINを入力：', topupOk: (m) => `チャージ完了：${m}を追加しました。`,
    topupFailed: {
      invalid_voucher: 'バウチャーPINが無効です。', other: 'チャージできませんでした。後でお試しください。',
    },
    languageTitle: '言語を選択：', back: '戻る', languageSaved: '言語を日本語にしました。',
    askPin: '新しい電話窓口PIN（4～8桁）：', pinSaved: '電話窓口PINを保存しました。', pinInvalid: 'PINは保存されません：4～8桁で、1234や1111は不可。',
  },
  ko: {
    menu: MENU(['잔액', '남은 데이터', '최근 5건 사용', '바우처 충전', '언어', '상담전화 PIN', '종료']),
    invalid: '잘못된 선택입니다.', failed: '지금은 이용할 수 없습니다. 나중에 다시 시도하세요.', bye: '감사합니다. 안녕히 가세요.',
    unknown: '이 번호에는 simledger eSIM이 없습니다. 도움말: 상담전화 또는 simledger.dev/help',
    balance: (m, at) => `잔액: ${m}\n${at} 기준`,
    dataTitle: '남은 데이터:', dataUntil: (a, u) => `${a} (${u}까지)`, dataNotStarted: (a) => `${a} (시작 전)`,
    noData: '데이터 요금제가 없습니다. 데이터는 잔액에서 차감됩니다.', more: (n) => `외 ${n}건`,
    recordsTitle: '최근 사용:', noRecords: '사용 내역이 없습니다.', kinds: { data: '데이터', voice: '통화', sms: '문자' },
    askVoucher: '16자리 바우처 PIN 입력:', topupOk: (m) => `충전 완료: ${m} 추가됨.`,
    topupFailed: {
      invalid_voucher: '바우처 PIN이 올바르지 않습니다.', other: '충전에 실패했습니다. 나중에 다시 시도하세요.',
    },
    languageTitle: '언어 선택:', back: '뒤로', languageSaved: '언어가 한국어로 설정되었습니다.',
    askPin: '새 상담전화 PIN (4-8자리):', pinSaved: '상담전화 PIN이 저장되었습니다.', pinInvalid: 'PIN 미저장: 4-8자리, 1234·1111 불가.',
  },
  ru: {
    menu: MENU(['Баланс', 'Остаток трафика', 'Последние 5 записей', 'Пополнить ваучером', 'Язык', 'PIN горячей линии', 'Выход']),
    invalid: 'Неверный выбор.', failed: 'Сервис недоступен. Попробуйте позже.', bye: 'Спасибо. До свидания.',
    unknown: 'У этого номера нет eSIM simledger. Помощь: горячая линия или simledger.dev/help',
    balance: (m, at) => `Баланс: ${m}\nна ${at}`,
    dataTitle: 'Остаток трафика:', dataUntil: (a, u) => `${a} до ${u}`, dataNotStarted: (a) => `${a} (не начат)`,
    noData: 'Нет пакета трафика. Трафик списывается с баланса.', more: (n) => `ещё ${n}`,
    recordsTitle: 'Последние записи:', noRecords: 'Записей пока нет.', kinds: { data: 'Инт.', voice: 'Звонок', sms: 'SMS' },
    askVoucher: 'Введите 16-значный PIN ваучера:', topupOk: (m) => `Пополнено на ${m}.`,
    topupFailed: {
      invalid_voucher: 'Неверный PIN ваучера.', other: 'Не удалось пополнить. Попробуйте позже.',
    },
    languageTitle: 'Выберите язык:', back: 'Назад', languageSaved: 'Язык: русский.',
    askPin: 'Новый PIN горячей линии (4-8 цифр):', pinSaved: 'PIN горячей линии сохранён.', pinInvalid: 'PIN не сохранён: 4-8 цифр, не 1234 и не 1111.',
  },
  ar: {
    menu: MENU(['الرصيد', 'البيانات المتبقية', 'آخر 5 سجلات', 'الشحن بقسيمة', 'اللغة', 'رمز PIN للخط الساخن', 'خروج']),
    invalid: 'اختيار غير صالح.', failed: 'الخدمة غير متاحة. حاول لاحقًا.', bye: 'شكرًا لك. مع السلامة.',
    unknown: 'لا توجد شريحة eSIM من simledger لهذا الرقم. المساعدة: الخط الساخن أو simledger.dev/help',
    balance: (m, at) => `الرصيد: ${m}\nحتى ${at}`,
    dataTitle: 'البيانات المتبقية:', dataUntil: (a, u) => `${a} حتى ${u}`, dataNotStarted: (a) => `${a} (لم تبدأ)`,
    noData: 'لا توجد باقة بيانات. تُخصم البيانات من الرصيد.', more: (n) => `و${n} أخرى`,
    recordsTitle: 'آخر السجلات:', noRecords: 'لا يوجد استخدام بعد.', kinds: { data: 'بيانات', voice: 'مكالمة', sms: 'رسالة' },
    askVoucher: 'أدخل رمز القسيمة المكون من 16 رقمًا:', topupOk: (m) => `تم الشحن: أضيف ${m}.`,
    topupFailed: {
      invalid_voucher: 'رمز القسيمة غير صالح.', other: 'تعذر الشحن. حاول لاحقًا.',
    },
    languageTitle: 'اختر اللغة:', back: 'رجوع', languageSaved: 'تم ضبط اللغة على العربية.',
    askPin: 'رمز PIN جديد للخط الساخن (4-8 أرقام):', pinSaved: 'تم حفظ رمز PIN.', pinInvalid: 'لم يُحفظ الرمز: 4-8 أرقام، وليس 1234 أو 1111.',
  },
};

export function isUssdLanguage(s: string): s is UssdLanguage {
  return (USSD_LANGUAGES as readonly string[]).includes(s);
}

const PREFIX_LANGUAGES: [string, UssdLanguage][] = [
  ['+86', 'zh-Hans'], ['+852', 'zh-Hant'], ['+853', 'zh-Hant'], ['+886', 'zh-Hant'], ['+81', 'ja'], ['+82', 'ko'], ['+7', 'ru'],
  ...['+968', '+971', '+966', '+974', '+973', '+965', '+962', '+961', '+963', '+964', '+967', '+20', '+212', '+213', '+216', '+218', '+249']
    .map((p): [string, UssdLanguage] => [p, 'ar']),
];

/** The language to greet a number the system does not know in: its country's, else English. */
export function languageOfNumber(phoneNumber: string): UssdLanguage {
  const e164 = phoneNumber.trim().startsWith('+') ? phoneNumber.trim() : `+${phoneNumber.trim()}`;
  return PREFIX_LANGUAGES.find(([prefix]) => e164.startsWith(prefix))?.[1] ?? 'en';
}
