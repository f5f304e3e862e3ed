/**
 * SMS reply texts in the product's seven languages. Keyword-independent pieces (balance, usage,
 * top-up results) take already formatted values, so USSD and IVR can reuse them. Texts are kept
 * short: BALANCE must fit one segment (GSM-7 160 for English, UCS-2 70 for the others).
 */
import type { SmsLanguage } from '../../../services/sms-keywords/keywords.js';

export interface BalanceParts { wallet: string; data: string | null; until: string | null; minutes: string | null; sms: string | null }
export interface UsageParts { month: string; data: string; minutes: string; sms: string; charged: string }
export interface PlanParts { name: string; data: string | null; days: string; price: string }

export interface SmsCatalog {
  balance(p: BalanceParts): string;
  usage(p: UsageParts): string;
  topupDone(credited: string, wallet: string): string;
  topupFailed: Readonly<Record<'invalid_voucher' | 'other', string>>;
  plan(p: PlanParts): string;
  plans(lines: readonly string[]): string;
  readonly noPlans: string;
  readonly help: string;
  readonly unknownSender: string;
  readonly topupMissingPin: string;
  readonly langSet: string;
  readonly langInvalid: string;
  readonly alertsStopped: string;
  readonly alertsStarted: string;
}

const opt = (value: string | null, render: (v: string) => string): string => (value === null ? '' : render(value));

const en: SmsCatalog = {
  balance: (p) => `Balance ${p.wallet}.` + (p.data === null ? ' No data plan.' : ` Data ${p.data} left${opt(p.until, (u) => ` to ${u}`)}.`)
    + opt(p.minutes, (m) => ` Calls ${m} min.`) + opt(p.sms, (s) => ` SMS ${s}.`),
  usage: (p) => `Usage ${p.month}: data ${p.data}, calls ${p.minutes} min, SMS ${p.sms}. Charged ${p.charged}.`,
  topupDone: (c, w) => `Topped up ${c}. Balance ${w}.`,
  topupFailed: {
    invalid_voucher: 'Voucher PIN not valid. Check it and send TOPUP <PIN>.', other: 'Top-up failed. Please try again later.',
  },
  plan: (p) => `${p.name}${opt(p.data, (d) => ` ${d}`)} ${p.days}d ${p.price}`,
  plans: (lines) => `Plans: ${lines.join('; ')}. Buy in the app.`,
  noPlans: 'No plans on offer.',
  help: 'Send BAL for balance, USAGE, TOPUP <PIN>, PLANS, LANG <en|zh|ja|ko|ru|ar>, STOP or START for alerts.',
  unknownSender: 'This number has no simledger eSIM. Text BAL or HELP from your eSIM number.',
  topupMissingPin: 'Send TOPUP and the voucher PIN, e.g. TOPUP 1234567890123456',
  langSet: 'Replies will now be in English.',
  langInvalid: 'Send LANG and one of: en, zh, zh-hant, ja, ko, ru, ar.',
  alertsStopped: 'Alerts are off. Send START to turn them on again.',
  alertsStarted: 'Alerts are on. Send STOP to turn them off.',
};

const zhHans: SmsCatalog = {
  balance: (p) => `余额${p.wallet}。` + (p.data === null ? '无流量套餐。' : `流量剩余${p.data}${opt(p.until, (u) => `，${u}到期`)}。`)
    + opt(p.minutes, (m) => `通话${m}分钟。`) + opt(p.sms, (s) => `短信${s}条。`),
  usage: (p) => `${p.month}用量：流量${p.data}，通话${p.minutes}分钟，短信${p.sms}条，扣费${p.charged}。`,
  topupDone: (c, w) => `充值${c}成功，余额${w}。`,
  topupFailed: {
    invalid_voucher: '充值卡密无效，请核对后重发“充值 卡密”。', other: '充值失败，请稍后再试。',
  },
  plan: (p) => `${p.name}${opt(p.data, (d) => ` ${d}`)} ${p.days}天 ${p.price}`,
  plans: (lines) => `套餐：${lines.join('；')}。请在App购买。`,
  noPlans: '暂无可购套餐。',
  help: '回复：余额、用量、充值+卡密、套餐、语言+zh/en/ja/ko/ru/ar、退订/订阅提醒。',
  unknownSender: '本号码未绑定simledger eSIM。请用eSIM号码发送“余额”或“帮助”。',
  topupMissingPin: '请发送“充值”加卡密，例如：充值 1234567890123456',
  langSet: '已切换为简体中文。',
  langInvalid: '请发送“语言”加 zh、zh-hant、en、ja、ko、ru 或 ar。',
  alertsStopped: '已关闭提醒。发送“订阅”可重新开启。',
  alertsStarted: '已开启提醒。发送“退订”可关闭。',
};

const zhHant: SmsCatalog = {
  balance: (p) => `餘額${p.wallet}。` + (p.data === null ? '沒有數據計劃。' : `數據剩餘${p.data}${opt(p.until, (u) => `，${u}到期`)}。`)
    + opt(p.minutes, (m) => `通話${m}分鐘。`) + opt(p.sms, (s) => `短訊${s}條。`),
  usage: (p) => `${p.month}用量：數據${p.data}，通話${p.minutes}分鐘，短訊${p.sms}條，扣費${p.charged}。`,
  topupDone: (c, w) => `已儲值${c}，餘額${w}。`,
  topupFailed: {
    invalid_voucher: '儲值密碼無效，請核對後重發「儲值 密碼」。', other: '儲值失敗，請稍後再試。',
  },
  plan: (p) => `${p.name}${opt(p.data, (d) => ` ${d}`)} ${p.days}日 ${p.price}`,
  plans: (lines) => `計劃：${lines.join('；')}。請於App購買。`,
  noPlans: '暫無可購計劃。',
  help: '回覆：餘額、用量、儲值+密碼、計劃、語言+zh-hant/en/ja/ko/ru/ar、退訂/訂閱提示。',
  unknownSender: '此號碼未連結simledger eSIM。請用eSIM號碼傳送「餘額」或「幫助」。',
  topupMissingPin: '請傳送「儲值」加密碼，例如：儲值 1234567890123456',
  langSet: '已轉為繁體中文。',
  langInvalid: '請傳送「語言」加 zh-hant、zh、en、ja、ko、ru 或 ar。',
  alertsStopped: '已關閉提示。傳送「訂閱」可重新開啟。',
  alertsStarted: '已開啟提示。傳送「退訂」可關閉。',
};

const ja: SmsCatalog = {
  balance: (p) => `残高${p.wallet}。` + (p.data === null ? 'データプランなし。' : `データ残り${p.data}${opt(p.until, (u) => `（${u}まで）`)}。`)
    + opt(p.minutes, (m) => `通話${m}分。`) + opt(p.sms, (s) => `SMS${s}通。`),
  usage: (p) => `${p.month}の利用量：データ${p.data}、通話${p.minutes}分、SMS${p.sms}通、請求${p.charged}。`,
  topupDone: (c, w) => `${c}をチャージしました。残高${w}。`,
  topupFailed: {
    invalid_voucher: 'PINが無効です。確認して「チャージ PIN」を送信してください。', other: 'チャージできませんでした。後でお試しください。',
  },
  plan: (p) => `${p.name}${opt(p.data, (d) => ` ${d}`)} ${p.days}日 ${p.price}`,
  plans: (lines) => `プラン：${lines.join('／')}。購入はアプリで。`,
  noPlans: '購入できるプランはありません。',
  help: '送信：残高、使用量、チャージ+PIN、プラン、言語+ja/en/zh/ko/ru/ar、配信停止/配信再開。',
  unknownSender: 'この番号はsimledger eSIMではありません。eSIMの番号から「残高」か「ヘルプ」を送信。',
  topupMissingPin: '「チャージ」とPINを送信してください。例：チャージ 1234567890123456',
  langSet: '日本語で返信します。',
  langInvalid: '「言語」に続けて ja、en、zh、ko、ru、ar のいずれかを送信してください。',
  alertsStopped: '通知を停止しました。「配信再開」で再開します。',
  alertsStarted: '通知を再開しました。「配信停止」で停止します。',
};

const ko: SmsCatalog = {
  balance: (p) => `잔액 ${p.wallet}.` + (p.data === null ? ' 데이터 요금제 없음.' : ` 데이터 ${p.data} 남음${opt(p.until, (u) => `(${u}까지)`)}.`)
    + opt(p.minutes, (m) => ` 통화 ${m}분.`) + opt(p.sms, (s) => ` 문자 ${s}건.`),
  usage: (p) => `${p.month} 사용량: 데이터 ${p.data}, 통화 ${p.minutes}분, 문자 ${p.sms}건, 요금 ${p.charged}.`,
  topupDone: (c, w) => `${c} 충전 완료. 잔액 ${w}.`,
  topupFailed: {
    invalid_voucher: '충전 PIN이 올바르지 않습니다. 확인 후 "충전 PIN"을 보내세요.', other: '충전 실패. 잠시 후 다시 시도하세요.',
  },
  plan: (p) => `${p.name}${opt(p.data, (d) => ` ${d}`)} ${p.days}일 ${p.price}`,
  plans: (lines) => `요금제: ${lines.join('; ')}. 구매는 앱에서.`,
  noPlans: '구매할 수 있는 요금제가 없습니다.',
  help: '잔액, 사용량, 충전 <PIN>, 요금제, 언어 ko/en/zh/ja/ru/ar, 수신거부/수신 을 보내세요.',
  unknownSender: '이 번호는 simledger eSIM이 아닙니다. eSIM 번호로 잔액 또는 도움말을 보내세요.',
  topupMissingPin: '"충전" 뒤에 PIN을 보내세요. 예: 충전 1234567890123456',
  langSet: '이제 한국어로 답장합니다.',
  langInvalid: '"언어" 뒤에 ko, en, zh, ja, ru, ar 중 하나를 보내세요.',
  alertsStopped: '알림이 꺼졌습니다. 다시 받으려면 "수신"을 보내세요.',
  alertsStarted: '알림이 켜졌습니다. 끄려면 "수신거부"를 보내세요.',
};

const ru: SmsCatalog = {
  balance: (p) => `Баланс ${p.wallet}.` + (p.data === null ? ' Нет интернета' : ` Интернет ${p.data}${opt(p.until, (u) => ` до ${u}`)}`)
    + opt(p.minutes, (m) => `, ${m} мин`) + opt(p.sms, (s) => `, ${s} SMS`) + '.',
  usage: (p) => `Расход за ${p.month}: интернет ${p.data}, звонки ${p.minutes} мин, SMS ${p.sms}, списано ${p.charged}.`,
  topupDone: (c, w) => `Зачислено ${c}. Баланс ${w}.`,
  topupFailed: {
    invalid_voucher: 'Неверный PIN ваучера. Проверьте и отправьте ПОПОЛНИТЬ <PIN>.', other: 'Пополнение не удалось. Повторите позже.',
  },
  plan: (p) => `${p.name}${opt(p.data, (d) => ` ${d}`)} ${p.days} дн. ${p.price}`,
  plans: (lines) => `Тарифы: ${lines.join('; ')}. Покупка в приложении.`,
  noPlans: 'Нет доступных тарифов.',
  help: 'Команды: БАЛАНС, РАСХОД, ПОПОЛНИТЬ <PIN>, ТАРИФЫ, ЯЗЫК ru/en/zh/ja/ko/ar, СТОП/СТАРТ.',
  unknownSender: 'Номер не привязан к eSIM simledger. Отправьте БАЛАНС или ПОМОЩЬ с номера eSIM.',
  topupMissingPin: 'Отправьте ПОПОЛНИТЬ и PIN ваучера, например: ПОПОЛНИТЬ 1234567890123456',
  langSet: 'Теперь ответы на русском.',
  langInvalid: 'Отправьте ЯЗЫК и код: ru, en, zh, ja, ko или ar.',
  alertsStopped: 'Уведомления отключены. Включить: СТАРТ.',
  alertsStarted: 'Уведомления включены. Отключить: СТОП.',
};

const ar: SmsCatalog = {
  balance: (p) => `رصيد ${p.wallet}.` + (p.data === null ? ' لا باقة بيانات' : ` بيانات ${p.data}${opt(p.until, (u) => ` حتى ${u}`)}`)
    + opt(p.minutes, (m) => `، ${m} د`) + opt(p.sms, (s) => `، ${s} رسالة`) + '.',
  usage: (p) => `استهلاك ${p.month}: بيانات ${p.data}، مكالمات ${p.minutes} دقيقة، رسائل ${p.sms}، الخصم ${p.charged}.`,
  topupDone: (c, w) => `تم شحن ${c}. الرصيد ${w}.`,
  topupFailed: {
    invalid_voucher: 'رقم القسيمة غير صحيح. تحقق وأرسل شحن <PIN>.', other: 'تعذر الشحن. حاول لاحقاً.',
  },
  plan: (p) => `${p.name}${opt(p.data, (d) => ` ${d}`)} ${p.days} يوم ${p.price}`,
  plans: (lines) => `الباقات: ${lines.join('؛ ')}. الشراء عبر التطبيق.`,
  noPlans: 'لا توجد باقات متاحة.',
  help: 'أرسل: رصيد، استهلاك، شحن <PIN>، باقات، لغة ar/en/zh/ja/ko/ru، إيقاف/تفعيل التنبيهات.',
  unknownSender: 'هذا الرقم غير مرتبط بشريحة simledger. أرسل رصيد أو مساعدة من رقم الشريحة.',
  topupMissingPin: 'أرسل شحن ثم رقم القسيمة، مثال: شحن 1234567890123456',
  langSet: 'سيتم الرد بالعربية.',
  langInvalid: 'أرسل لغة مع ar أو en أو zh أو ja أو ko أو ru.',
  alertsStopped: 'تم إيقاف التنبيهات. أرسل تفعيل لإعادتها.',
  alertsStarted: 'تم تفعيل التنبيهات. أرسل إيقاف لإيقافها.',
};

export const SMS_CATALOG: Readonly<Record<SmsLanguage, SmsCatalog>> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en, ja, ko, ru, ar };
