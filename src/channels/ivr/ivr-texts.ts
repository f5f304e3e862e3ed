/** What the hotline says, in the seven languages, with the <Say> language and the locale numbers are read in. */
import type { UssdLanguage } from '../ussd/ussd-texts.js';

export type TopUpFailure = 'invalid_voucher' | 'other';

export interface IvrTexts {
  /** Twilio <Say language>. */
  voice: string;
  /** Intl locale for spoken amounts and dates. */
  locale: string;
  /** "For English, press 1": said in this language, on the language menu. */
  choose: string;
  menu: string; invalid: string; goodbye: string; failed: string;
  balance: (money: string) => string;
  dataUntil: (amount: string, until: string) => string; dataNotStarted: (amount: string) => string; noData: string;
  askVoucher: string; topupOk: (money: string) => string; topupFailed: Record<TopUpFailure, string>;
  askAccount: string; askPin: string; badPin: string; locked: string;
}

/** The language menu's order: key 1..7. */
export const IVR_LANGUAGE_ORDER: readonly UssdLanguage[] = ['en', 'zh-Hans', 'zh-Hant', 'ja', 'ko', 'ru', 'ar'];

export const IVR_TEXTS: Record<UssdLanguage, IvrTexts> = {
  en: {
    voice: 'en-US', locale: 'en-US', choose: 'For English, press 1.',
    menu: 'For your balance, press 1. For data left, press 2. To top up with a voucher, press 3. To hear this again, press 9. To end the call, press 0.',
    invalid: 'Sorry, that is not a valid choice.', goodbye: 'Thank you for calling. Goodbye.', failed: 'Sorry, this service is not available right now.',
    balance: (m) => `Your balance is ${m}.`,
    dataUntil: (a, u) => `You have ${a} of data left, valid until ${u}.`, dataNotStarted: (a) => `You have ${a} of data that starts with its first use.`,
    noData: 'You have no data plan. Data is charged to your balance.',
    askVoucher: 'Enter the 16 digit voucher PIN, then press the hash key.', topupOk: (m) => `Thank you. ${m} has been added to your balance.`,
    topupFailed: {
      invalid_voucher: 'That voucher PIN is not valid.', other: 'Sorry, the top up did not work. Please try again later.',
    },
    askAccount: 'Please enter your account number, or the phone number of your account with its country code, then press the hash key.',
    askPin: 'Now enter your hotline PIN, then press the hash key.', badPin: 'Sorry, that account number or PIN is not correct.',
    locked: 'Too many wrong attempts. Please try again later.',
  },
  'zh-Hans': {
    voice: 'cmn-CN', locale: 'zh-CN', choose: '普通话请按2。',
    menu: '查询余额请按1，查询剩余流量请按2，用充值卡充值请按3，重听请按9，结束通话请按0。',
    invalid: '对不起，您的选择无效。', goodbye: '感谢您的来电，再见。', failed: '对不起，此服务暂时无法使用。',
    balance: (m) => `您的余额是${m}。`,
    dataUntil: (a, u) => `您还有${a}流量，有效期至${u}。`, dataNotStarted: (a) => `您还有${a}流量，首次使用时开始计算有效期。`,
    noData: '您没有流量套餐，流量将从余额扣费。',
    askVoucher: '请输入16位充值卡密码，然后按井号键。', topupOk: (m) => `谢谢，已向您的余额充值${m}。`,
    topupFailed: {
      invalid_voucher: '充值卡密码无效。', other: '对不起，充值未成功，请稍后再试。',
    },
    askAccount: '请输入您的账户号码，或带国家代码的账户电话号码，然后按井号键。',
    askPin: '请输入您的热线密码，然后按井号键。', badPin: '对不起，账户号码或密码不正确。', locked: '错误次数过多，请稍后再试。',
  },
  'zh-Hant': {
    voice: 'yue-HK', locale: 'zh-HK', choose: '廣東話請按3。',
    menu: '查詢餘額請按1，查詢剩餘數據請按2，用儲值卡增值請按3，重聽請按9，結束通話請按0。',
    invalid: '對不起，你的選擇無效。', goodbye: '多謝你的來電，再見。', failed: '對不起，此服務暫時未能使用。',
    balance: (m) => `你的餘額是${m}。`,
    dataUntil: (a, u) => `你仲有${a}數據，有效期至${u}。`, dataNotStarted: (a) => `你仲有${a}數據，首次使用時開始計算有效期。`,
    noData: '你沒有數據計劃，數據會從餘額扣費。',
    askVoucher: '請輸入16位儲值卡密碼，然後按井字鍵。', topupOk: (m) => `多謝，已為你的餘額增值${m}。`,
    topupFailed: {
      invalid_voucher: '儲值卡密碼無效。', other: '對不起，增值未成功，請稍後再試。',
    },
    askAccount: '請輸入你的帳戶號碼，或連國家代碼的帳戶電話號碼，然後按井字鍵。',
    askPin: '請輸入你的熱線密碼，然後按井字鍵。', badPin: '對不起，帳戶號碼或密碼不正確。', locked: '錯誤次數太多，請稍後再試。',
  },
  ja: {
    voice: 'ja-JP', locale: 'ja-JP', choose: '日本語は4を押してください。',
    menu: '残高は1、残りデータ量は2、バウチャーでのチャージは3、もう一度聞くには9、通話を終えるには0を押してください。',
    invalid: '申し訳ありません、無効な選択です。', goodbye: 'お電話ありがとうございました。', failed: '申し訳ありません、ただいまこのサービスはご利用になれません。',
    balance: (m) => `残高は${m}です。`,
    dataUntil: (a, u) => `残りデータ量は${a}、${u}まで有効です。`, dataNotStarted: (a) => `${a}のデータがあり、初回利用時に開始します。`,
    noData: 'データプランはありません。データ通信は残高から引かれます。',
    askVoucher: '16桁のバウチャーPINを入力し、最後にシャープを押してください。', topupOk: (m) => `ありがとうございます。残高に${m}を追加しました。`,
    topupFailed: {
      invalid_voucher: 'バウチャーPINが無効です。', other: '申し訳ありません、チャージできませんでした。後でお試しください。',
    },
    askAccount: 'アカウント番号、または国番号付きのアカウントの電話番号を入力し、最後にシャープを押してください。',
    askPin: '電話窓口PINを入力し、最後にシャープを押してください。', badPin: 'アカウント番号またはPINが正しくありません。',
    locked: '誤りが多すぎます。しばらくしてからお試しください。',
  },
  ko: {
    voice: 'ko-KR', locale: 'ko-KR', choose: '한국어는 5번을 누르세요.',
    menu: '잔액은 1번, 남은 데이터는 2번, 바우처 충전은 3번, 다시 듣기는 9번, 통화 종료는 0번을 누르세요.',
    invalid: '죄송합니다. 잘못된 선택입니다.', goodbye: '전화해 주셔서 감사합니다. 안녕히 계세요.', failed: '죄송합니다. 지금은 이 서비스를 이용할 수 없습니다.',
    balance: (m) => `잔액은 ${m}입니다.`,
    dataUntil: (a, u) => `남은 데이터는 ${a}이며 ${u}까지 유효합니다.`, dataNotStarted: (a) => `첫 사용 시 시작되는 데이터 ${a}가 있습니다.`,
    noData: '데이터 요금제가 없습니다. 데이터는 잔액에서 차감됩니다.',
    askVoucher: '16자리 바우처 PIN을 입력한 후 우물 정자를 누르세요.', topupOk: (m) => `감사합니다. 잔액에 ${m}이 충전되었습니다.`,
    topupFailed: {
      invalid_voucher: '바우처 PIN이 올바르지 않습니다.', other: '죄송합니다. 충전에 실패했습니다. 나중에 다시 시도하세요.',
    },
    askAccount: '계정 번호 또는 국가 번호를 포함한 계정 전화번호를 입력한 후 우물 정자를 누르세요.',
    askPin: '상담전화 PIN을 입력한 후 우물 정자를 누르세요.', badPin: '죄송합니다. 계정 번호 또는 PIN이 올바르지 않습니다.',
    locked: '잘못 입력한 횟수가 너무 많습니다. 나중에 다시 시도하세요.',
  },
  ru: {
    voice: 'ru-RU', locale: 'ru-RU', choose: 'Для русского языка нажмите 6.',
    menu: 'Баланс — нажмите 1. Остаток трафика — 2. Пополнить ваучером — 3. Повторить — 9. Завершить звонок — 0.',
    invalid: 'Извините, такого варианта нет.', goodbye: 'Спасибо за звонок. До свидания.', failed: 'Извините, сервис сейчас недоступен.',
    balance: (m) => `Ваш баланс: ${m}.`,
    dataUntil: (a, u) => `Остаток трафика: ${a}, действует до ${u}.`, dataNotStarted: (a) => `У вас ${a} трафика, пакет начнётся при первом использовании.`,
    noData: 'У вас нет пакета трафика. Трафик списывается с баланса.',
    askVoucher: 'Введите 16-значный PIN ваучера и нажмите решётку.', topupOk: (m) => `Спасибо. Баланс пополнен на ${m}.`,
    topupFailed: {
      invalid_voucher: 'Неверный PIN ваучера.', other: 'Извините, пополнить не удалось. Попробуйте позже.',
    },
    askAccount: 'Введите номер счёта или номер телефона счёта с кодом страны и нажмите решётку.',
    askPin: 'Теперь введите PIN горячей линии и нажмите решётку.', badPin: 'Извините, номер счёта или PIN неверны.',
    locked: 'Слишком много неверных попыток. Попробуйте позже.',
  },
  ar: {
    voice: 'ar-XA', locale: 'ar', choose: 'للعربية، اضغط 7.',
    menu: 'لمعرفة الرصيد اضغط 1. للبيانات المتبقية اضغط 2. للشحن بقسيمة اضغط 3. للاستماع مرة أخرى اضغط 9. لإنهاء المكالمة اضغط 0.',
    invalid: 'عذرًا، هذا اختيار غير صالح.', goodbye: 'شكرًا لاتصالك. مع السلامة.', failed: 'عذرًا، هذه الخدمة غير متاحة الآن.',
    balance: (m) => `رصيدك ${m}.`,
    dataUntil: (a, u) => `لديك ${a} من البيانات، صالحة حتى ${u}.`, dataNotStarted: (a) => `لديك ${a} من البيانات تبدأ عند أول استخدام.`,
    noData: 'ليست لديك باقة بيانات. تُخصم البيانات من رصيدك.',
    askVoucher: 'أدخل رمز القسيمة المكون من 16 رقمًا، ثم اضغط مفتاح المربع.', topupOk: (m) => `شكرًا لك. تمت إضافة ${m} إلى رصيدك.`,
    topupFailed: {
      invalid_voucher: 'رمز القسيمة غير صالح.', other: 'عذرًا، لم يتم الشحن. حاول لاحقًا.',
    },
    askAccount: 'أدخل رقم حسابك، أو رقم هاتف حسابك مع رمز الدولة، ثم اضغط مفتاح المربع.',
    askPin: 'أدخل الآن رمز PIN للخط الساخن، ثم اضغط مفتاح المربع.', badPin: 'عذرًا، رقم الحساب أو رمز PIN غير صحيح.',
    locked: 'محاولات خاطئة كثيرة. حاول لاحقًا.',
  },
};
