/**
 * GET /api/v1/help: the operator's contact points (SMS short code and keywords per language, USSD
 * code, hotline number and hours, privacy contact) for the portal's help page. Public: a subscriber
 * who cannot sign in needs it most.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DEFAULT_HELP } from '../../../config/help-settings.js';
import { keywordFor, SMS_LANGUAGES, type SmsCommand } from '../../../services/sms-keywords/keywords.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { handle, jsonContent } from './kit.js';

const COMMANDS = ['balance', 'usage', 'topup', 'plans', 'help', 'lang'] as const satisfies readonly SmsCommand[];

const Keywords = z.object(Object.fromEntries(COMMANDS.map((c) => [c, z.string()])) as Record<(typeof COMMANDS)[number], z.ZodString>);

const Help = z
  .object({
    smsShortCode: z.string().openapi({ example: '8383' }),
    keywords: z
      .record(z.string(), Keywords)
      .openapi({ description: 'per language, the keyword of each SMS command', example: { en: { balance: 'balance', usage: 'usage', topup: 'topup', plans: 'plans', help: 'help', lang: 'lang' } } }),
    ussdCode: z.string().openapi({ example: '*100#' }),
    hotline: z.object({
      number: z.string().openapi({ example: '+852 3008 3838' }),
      tel: z.string().openapi({ example: '+85230083838', description: 'for a tel: link' }),
      hours: z.object({
        fromDay: z.number().int().openapi({ description: 'ISO weekday, 1 = Monday' }),
        toDay: z.number().int(),
        open: z.string().openapi({ example: '09:00' }),
        close: z.string().openapi({ example: '21:00' }),
        timeZone: z.string().openapi({ example: 'Asia/Hong_Kong' }),
      }),
    }),
    privacyEmail: z.string(),
  })
  .openapi('Help');

export function helpRoutes(app: App, deps: AppDeps): void {
  const help = deps.config.help ?? DEFAULT_HELP;
  const body = {
    smsShortCode: help.smsShortCode,
    keywords: Object.fromEntries(SMS_LANGUAGES.map((l) => [l, Object.fromEntries(COMMANDS.map((c) => [c, keywordFor(c, l)]))])),
    ussdCode: help.ussdCode,
    hotline: { number: help.hotlineNumber, tel: help.hotlineNumber.replace(/[^\d+]/g, ''), hours: help.hotlineHours },
    privacyEmail: help.privacyEmail,
  };
  handle(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/help',
      tags: ['subscriber'],
      summary: "The operator's SMS, USSD and hotline contact points (no session needed)",
      responses: { 200: jsonContent(Help, 'the contact points') },
    }),
    async (c) => json(c, body, 200, { 'cache-control': 'public, max-age=300' }),
  );
}
