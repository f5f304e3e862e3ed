/** OpenAPI (zod) shapes of the statement and alert-settings endpoints. */
import { z } from '@hono/zod-openapi';
import { ALERT_LIMITS } from '../../services/statements/alert-settings.js';

const Minor = z.bigint().openapi({ type: 'integer', format: 'int64', description: "integer minor units of the account's currency" });
const Quantity = z.bigint().openapi({ type: 'integer', format: 'int64', description: 'bytes, seconds or messages' });
const Instant = z.string().openapi({ format: 'date-time', example: '2026-10-31T15:00:00.000Z' });
const Kind = z.enum(['data', 'voice', 'sms']);

export const StatementMonths = z
  .object({
    months: z.array(
      z.object({
        month: z.string().openapi({ example: '2026-10' }),
        label: z.string().openapi({ example: '2026年10月' }),
        closed: z.boolean().openapi({ description: 'false for the current month, whose figures can still change' }),
        totals: z
          .object({ topupsMinor: Minor, purchasesMinor: Minor, usageChargesMinor: Minor, adjustmentsMinor: Minor })
          .openapi({ description: "the month's wallet movements, as on its statement" }),
        closingBalanceMinor: Minor.openapi({ description: "the wallet at the month's end (now, for the current month)" }),
        downloads: z.object({ pdf: z.string(), csv: z.string(), xlsx: z.string() }),
      }),
    ),
  })
  .openapi('StatementMonths');

const UsageTotal = z.object({ kind: Kind, quantity: Quantity, events: z.number().int(), amountMinor: Minor });

export const StatementSchema = z
  .object({
    account: z.object({ id: z.string(), name: z.string(), currency: z.string(), language: z.string(), timeZone: z.string() }),
    period: z.object({ month: z.string(), from: Instant, to: Instant, label: z.string() }).openapi({ description: "the calendar month in the account's time zone, [from, to)" }),
    closed: z.boolean(),
    openingBalanceMinor: Minor,
    closingBalanceMinor: Minor.openapi({ description: "openingBalanceMinor + the sum of every line's amountMinor" }),
    totals: z
      .object({ topupsMinor: Minor, purchasesMinor: Minor, usageChargesMinor: Minor, adjustmentsMinor: Minor })
      .openapi({ description: 'closing = opening + topups - purchases - usageCharges + adjustments' }),
    topups: z.array(
      z.object({
        topupId: z.string(),
        at: Instant,
        amountMinor: Minor,
        method: z.string(),
        voucherSerial: z.string().nullable(),
        paymentRef: z.string().nullable(),
      }),
    ),
    purchases: z.array(
      z.object({
        purchaseId: z.string(),
        at: Instant,
        iccid: z.string(),
        planId: z.string(),
        planName: z.string(),
        paidFrom: z.string(),
        priceMinor: Minor,
        chargedMinor: Minor,
      }),
    ),
    usage: z.object({ byKind: z.array(UsageTotal), byCountry: z.array(UsageTotal.extend({ country: z.string() })) }),
    lines: z.array(
      z.object({
        at: Instant,
        kind: z.enum(['topup', 'purchase', 'usage', 'adjust']),
        amountMinor: Minor,
        balanceAfterMinor: Minor,
        ref: z.string(),
        detail: z.object({
          planName: z.string().optional(),
          iccid: z.string().optional(),
          method: z.string().optional(),
          voucherSerial: z.string().optional(),
          paymentRef: z.string().optional(),
          usageKind: Kind.optional(),
          direction: z.string().optional(),
          country: z.string().optional(),
          quantity: Quantity.optional(),
          reason: z.string().optional(),
        }),
      }),
    ),
  })
  .openapi('Statement');

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a local time HH:MM' });

const WalletFloor = z
  .union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,18}$/)])
  .transform((v) => BigInt(v))
  .openapi({ type: 'integer', format: 'int64', description: "minor units of the account's currency" });

export const AlertSettingsInput = z
  .strictObject({
    dataUsedPercent: z
      .array(z.number().int().min(1).max(100))
      .max(ALERT_LIMITS.maxThresholds)
      .openapi({ example: [80, 100], description: 'data used, in percent of a bucket; empty = off' }),
    walletBelowMinor: WalletFloor.nullable(),
    expiryWithinHours: z.number().int().min(1).max(ALERT_LIMITS.maxExpiryWithinHours).nullable().openapi({ example: 24 }),
    channels: z
      .strictObject({ sms: z.boolean(), email: z.boolean(), webhook: z.boolean(), inbox: z.boolean().optional().openapi({ description: 'the portal inbox; on when left out' }) })
      .openapi({ description: 'e-mail needs a verified address and webhook a URL (see /api/v1/alert-contacts)' }),
    quietHours: z
      .strictObject({ start: HourMinute, end: HourMinute })
      .refine((q) => q.start !== q.end, { message: 'start and end must differ' })
      .nullable()
      .openapi({ example: { start: '22:00', end: '08:00' }, description: "local times in the account's time zone; null = none" }),
  })
  .openapi('AlertSettingsInput');

export const AlertSettingsSchema = z
  .object({
    dataUsedPercent: z.array(z.number().int()),
    walletBelowMinor: Minor.nullable(),
    expiryWithinHours: z.number().int().nullable(),
    channels: z.object({ sms: z.boolean(), email: z.boolean(), webhook: z.boolean(), inbox: z.boolean() }),
    available: z
      .object({ sms: z.boolean(), email: z.boolean(), webhook: z.boolean(), inbox: z.boolean() })
      .openapi({ description: 'the channels the account can receive: e-mail once an address is verified, webhook once a URL is set' }),
    quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
    currency: z.string(),
    timeZone: z.string(),
    updatedAt: Instant.nullable(),
  })
  .openapi('AlertSettings');
