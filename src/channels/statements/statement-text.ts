/** The words of a statement in each of the seven languages. `{zone}` is the account's time zone. */
export const STATEMENT_LANGUAGES = ['zh-Hans', 'zh-Hant', 'en', 'ja', 'ko', 'ru', 'ar'] as const;
export type StatementLanguage = (typeof STATEMENT_LANGUAGES)[number];

export interface StatementText {
  title: string; account: string; period: string; currency: string; summary: string;
  opening: string; closing: string; topups: string; purchases: string; usageCharges: string; adjustments: string;
  usageByKind: string; usageByCountry: string; lines: string;
  date: string; description: string; amount: string; balance: string; quantity: string; events: string; country: string;
  plan: string; esim: string; method: string; paidFrom: string; none: string; timesIn: string; provisional: string;
  kinds: { data: string; voice: string; sms: string };
  entries: { topup: string; purchase: string; usage: string; adjust: string };
  paid: { wallet: string; external: string };
  directions: { out: string; in: string };
  methods: { voucher: string; operator: string };
}

export const STATEMENT_TEXT: Readonly<Record<StatementLanguage, StatementText>> = {
  en: {
    title: 'Statement', account: 'Account', period: 'Period', currency: 'Currency', summary: 'Summary',
    opening: 'Opening balance', closing: 'Closing balance', topups: 'Top-ups', purchases: 'Plan purchases',
    usageCharges: 'Usage charges', adjustments: 'Adjustments', usageByKind: 'Usage by type', usageByCountry: 'Usage by country',
    lines: 'Transactions', date: 'Date', description: 'Description', amount: 'Amount', balance: 'Balance', quantity: 'Quantity',
    events: 'Events', country: 'Country', plan: 'Plan', esim: 'eSIM', method: 'Method', paidFrom: 'Paid from',
    none: 'No entries', timesIn: 'Times are shown in the {zone} time zone.', provisional: 'This period has not ended yet; figures may still change.',
    kinds: { data: 'Data', voice: 'Calls', sms: 'SMS' },
    entries: { topup: 'Top-up', purchase: 'Plan purchase', usage: 'Usage', adjust: 'Adjustment' },
    paid: { wallet: 'Wallet', external: 'Paid separately' }, directions: { out: 'outgoing', in: 'incoming' },
    methods: { voucher: 'Voucher', operator: 'Payment' },
  },
  'zh-Hans': {
    title: '对账单', account: '账户', period: '账期', currency: '币种', summary: '概要',
    opening: '期初余额', closing: '期末余额', topups: '充值', purchases: '套餐购买',
    usageCharges: '用量费用', adjustments: '调整', usageByKind: '按类型统计用量', usageByCountry: '按国家/地区统计用量',
    lines: '交易明细', date: '日期', description: '说明', amount: '金额', balance: '余额', quantity: '用量',
    events: '次数', country: '国家/地区', plan: '套餐', esim: 'eSIM', method: '方式', paidFrom: '支付方式',
    none: '无记录', timesIn: '时间按 {zone} 时区显示。', provisional: '本账期尚未结束，金额可能仍会变化。',
    kinds: { data: '流量', voice: '通话', sms: '短信' },
    entries: { topup: '充值', purchase: '购买套餐', usage: '用量扣费', adjust: '调整' },
    paid: { wallet: '钱包', external: '另行支付' }, directions: { out: '呼出', in: '呼入' },
    methods: { voucher: '充值券', operator: '付款' },
  },
  'zh-Hant': {
    title: '月結單', account: '賬戶', period: '結算期', currency: '貨幣', summary: '摘要',
    opening: '期初結餘', closing: '期末結餘', topups: '增值', purchases: '購買計劃',
    usageCharges: '用量收費', adjustments: '調整', usageByKind: '按類型劃分的用量', usageByCountry: '按國家/地區劃分的用量',
    lines: '交易明細', date: '日期', description: '說明', amount: '金額', balance: '結餘', quantity: '用量',
    events: '次數', country: '國家/地區', plan: '計劃', esim: 'eSIM', method: '方式', paidFrom: '付款方式',
    none: '沒有記錄', timesIn: '時間以 {zone} 時區顯示。', provisional: '本結算期尚未結束，金額仍可能變動。',
    kinds: { data: '數據', voice: '通話', sms: '短訊' },
    entries: { topup: '增值', purchase: '購買計劃', usage: '用量扣費', adjust: '調整' },
    paid: { wallet: '錢包', external: '另行支付' }, directions: { out: '撥出', in: '接聽' },
    methods: { voucher: '增值券', operator: '付款' },
  },
  ja: {
    title: 'ご利用明細書', account: 'アカウント', period: '対象期間', currency: '通貨', summary: '概要',
    opening: '期首残高', closing: '期末残高', topups: 'チャージ', purchases: 'プラン購入',
    usageCharges: '従量料金', adjustments: '調整', usageByKind: '種類別のご利用量', usageByCountry: '国・地域別のご利用量',
    lines: '取引明細', date: '日時', description: '内容', amount: '金額', balance: '残高', quantity: '利用量',
    events: '回数', country: '国・地域', plan: 'プラン', esim: 'eSIM', method: '方法', paidFrom: '支払元',
    none: '記録はありません', timesIn: '時刻は {zone} のタイムゾーンで表示しています。', provisional: 'この期間はまだ終了していないため、金額が変わる場合があります。',
    kinds: { data: 'データ通信', voice: '音声通話', sms: 'SMS' },
    entries: { topup: 'チャージ', purchase: 'プラン購入', usage: 'ご利用分', adjust: '調整' },
    paid: { wallet: 'ウォレット', external: '別途支払い' }, directions: { out: '発信', in: '着信' },
    methods: { voucher: 'バウチャー', operator: 'お支払い' },
  },
  ko: {
    title: '이용 명세서', account: '계정', period: '기간', currency: '통화', summary: '요약',
    opening: '기초 잔액', closing: '기말 잔액', topups: '충전', purchases: '요금제 구매',
    usageCharges: '사용 요금', adjustments: '조정', usageByKind: '유형별 사용량', usageByCountry: '국가/지역별 사용량',
    lines: '거래 내역', date: '일시', description: '내용', amount: '금액', balance: '잔액', quantity: '사용량',
    events: '건수', country: '국가/지역', plan: '요금제', esim: 'eSIM', method: '방법', paidFrom: '결제 수단',
    none: '내역이 없습니다', timesIn: '시간은 {zone} 시간대 기준입니다.', provisional: '이 기간은 아직 끝나지 않아 금액이 바뀔 수 있습니다.',
    kinds: { data: '데이터', voice: '통화', sms: '문자' },
    entries: { topup: '충전', purchase: '요금제 구매', usage: '사용 요금', adjust: '조정' },
    paid: { wallet: '지갑', external: '별도 결제' }, directions: { out: '발신', in: '수신' },
    methods: { voucher: '바우처', operator: '결제' },
  },
  ru: {
    title: 'Выписка', account: 'Аккаунт', period: 'Период', currency: 'Валюта', summary: 'Итоги',
    opening: 'Остаток на начало', closing: 'Остаток на конец', topups: 'Пополнения', purchases: 'Покупка пакетов',
    usageCharges: 'Плата за использование', adjustments: 'Корректировки', usageByKind: 'Использование по видам', usageByCountry: 'Использование по странам',
    lines: 'Операции', date: 'Дата', description: 'Описание', amount: 'Сумма', balance: 'Остаток', quantity: 'Объём',
    events: 'Кол-во', country: 'Страна', plan: 'Пакет', esim: 'eSIM', method: 'Способ', paidFrom: 'Оплата',
    none: 'Операций нет', timesIn: 'Время указано в часовом поясе {zone}.', provisional: 'Период ещё не закончился; суммы могут измениться.',
    kinds: { data: 'Интернет', voice: 'Звонки', sms: 'SMS' },
    entries: { topup: 'Пополнение', purchase: 'Покупка пакета', usage: 'Использование', adjust: 'Корректировка' },
    paid: { wallet: 'С баланса', external: 'Оплачено отдельно' }, directions: { out: 'исходящий', in: 'входящий' },
    methods: { voucher: 'Ваучер', operator: 'Платёж' },
  },
  ar: {
    title: 'كشف الحساب', account: 'الحساب', period: 'الفترة', currency: 'العملة', summary: 'الملخص',
    opening: 'الرصيد الافتتاحي', closing: 'الرصيد الختامي', topups: 'عمليات الشحن', purchases: 'شراء الباقات',
    usageCharges: 'رسوم الاستخدام', adjustments: 'التسويات', usageByKind: 'الاستخدام حسب النوع', usageByCountry: 'الاستخدام حسب البلد',
    lines: 'الحركات', date: 'التاريخ', description: 'الوصف', amount: 'المبلغ', balance: 'الرصيد', quantity: 'الكمية',
    events: 'عدد المرات', country: 'البلد', plan: 'الباقة', esim: 'الشريحة الإلكترونية', method: 'الطريقة', paidFrom: 'الدفع من',
    none: 'لا توجد حركات', timesIn: 'الأوقات معروضة بتوقيت {zone}.', provisional: 'لم تنتهِ هذه الفترة بعد، وقد تتغير المبالغ.',
    kinds: { data: 'البيانات', voice: 'المكالمات', sms: 'الرسائل القصيرة' },
    entries: { topup: 'شحن الرصيد', purchase: 'شراء باقة', usage: 'استخدام', adjust: 'تسوية' },
    paid: { wallet: 'المحفظة', external: 'مدفوع بشكل منفصل' }, directions: { out: 'صادرة', in: 'واردة' },
    methods: { voucher: 'قسيمة', operator: 'دفعة' },
  },
};

export function statementLanguage(language: string): StatementLanguage {
  return (STATEMENT_LANGUAGES as readonly string[]).includes(language) ? (language as StatementLanguage) : 'en';
}
