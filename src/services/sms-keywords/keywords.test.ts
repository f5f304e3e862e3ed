import { describe, expect, it } from 'vitest';
import { normalizeSmsText, parseSmsKeyword } from './keywords.js';

describe('SMS keywords', () => {
  it.each([
    ['BALANCE', 'balance'],
    ['bal', 'balance'],
    [' Bal. ', 'balance'],
    ['ＢＡＬＡＮＣＥ', 'balance'],
    ['余额', 'balance'],
    ['查询', 'balance'],
    ['餘額', 'balance'],
    ['残高', 'balance'],
    ['잔액', 'balance'],
    ['БАЛАНС', 'balance'],
    ['رصيد', 'balance'],
    ['USAGE', 'usage'],
    ['用量', 'usage'],
    ['使用量', 'usage'],
    ['사용량', 'usage'],
    ['PLANS', 'plans'],
    ['套餐', 'plans'],
    ['HELP', 'help'],
    ['帮助', 'help'],
    ['ヘルプ', 'help'],
    ['도움말', 'help'],
    ['ПОМОЩЬ', 'help'],
    ['مساعدة', 'help'],
    ['STOP', 'stop'],
    ['退订', 'stop'],
    ['수신거부', 'stop'],
    ['START', 'start'],
    ['수신', 'start'],
    ['balances', 'unknown'],
    ['hello', 'unknown'],
    ['', 'unknown'],
  ])('%s -> %s', (text, command) => {
    expect(parseSmsKeyword(text).command).toBe(command);
  });

  it('reads voucher PINs with full-width and Arabic-Indic digits, with or without a space', () => {
    expect(parseSmsKeyword('TOPUP 1234 5678 9012 3456')).toMatchObject({ command: 'topup', pin: '1234567890123456' });
    expect(parseSmsKeyword('充值１２３４５６７８')).toMatchObject({ command: 'topup', pin: '12345678' });
    expect(parseSmsKeyword('ПОПОЛНИТЬ 12345678')).toMatchObject({ command: 'topup', pin: '12345678', language: 'ru' });
    expect(parseSmsKeyword('شحن ١٢٣٤٥٦٧٨')).toMatchObject({ command: 'topup', pin: '12345678', language: 'ar' });
    expect(parseSmsKeyword('TOPUP abc')).toMatchObject({ command: 'topup', pin: undefined });
  });

  it('reads LANG codes and language names', () => {
    expect(parseSmsKeyword('LANG ru')).toMatchObject({ command: 'lang', target: 'ru' });
    expect(parseSmsKeyword('lang zh-TW')).toMatchObject({ command: 'lang', target: 'zh-Hant' });
    expect(parseSmsKeyword('语言 中文')).toMatchObject({ command: 'lang', target: 'zh-Hans' });
    expect(parseSmsKeyword('언어 한국어')).toMatchObject({ command: 'lang', target: 'ko' });
    expect(parseSmsKeyword('LANG klingon')).toMatchObject({ command: 'lang', target: undefined });
  });

  it('normalises width, case and digits', () => {
    expect(normalizeSmsText('  ＴＯＰＵＰ　١٢٣ ')).toBe('topup 123');
  });
});
