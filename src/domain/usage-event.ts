import { hash } from 'node:crypto';
import { parseInstant } from './instant.js';
import { lookupNetwork } from './networks.js';
import { isWellFormed, spellOutLoneSurrogates } from './text.js';
import { isUsageKind, type Direction, type UsageKind } from './units.js';

/** One usage row as it arrives (CSV or NDJSON), every field as text. */
/** A usage row's fields, in the order of the file formats (docs/formats.md). */
export const RAW_USAGE_FIELDS = ['event_id', 'imsi', 'iccid', 'kind', 'direction', 'started_at', 'quantity', 'mcc_mnc', 'peer'] as const;

export interface RawUsageRow {
  readonly event_id?: string;
  readonly imsi?: string;
  readonly iccid?: string;
  readonly kind?: string;
  readonly direction?: string;
  readonly started_at?: string;
  readonly quantity?: string;
  readonly mcc_mnc?: string;
  /** The other party of a call or SMS, when the network sends it (optional). */
  readonly peer?: string;
}

export const REJECTION_CODES = [
  'invalid_event_id',
  'unknown_subscriber',
  'unknown_network',
  'invalid_quantity',
  'invalid_time',
  'invalid_kind',
  'no_rate',
  'amount_out_of_range',
  'exists_with_different_payload',
  'invalid_peer',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface ParsedUsage {
  readonly eventId: string;
  readonly imsi: string;
  readonly iccid: string;
  readonly kind: UsageKind;
  readonly direction: Direction;
  readonly startedAtMs: number;
  readonly quantity: bigint;
  readonly mccMnc: string;
  readonly country: string;
  /** The other party, masked but its last digits (see maskPeer); null when none was sent. */
  readonly peer: string | null;
}

export type UsageParse = { readonly ok: true; readonly usage: ParsedUsage } | { readonly ok: false; readonly code: RejectionCode; readonly detail: string };

export interface UsageWindow {
  /** Events that start after this instant are rejected `invalid_time` (clock skew allowance included). */
  readonly latestAcceptedMs: number;
  /** Events older than this (the retention window) are rejected `invalid_time`. */
  readonly oldestAcceptedMs: number;
}

const MAX_QUANTITY = 1n << 53n;

function text(v: string | undefined): string {
  return (v ?? '').trim();
}

/**
 * Text from a usage file as it may be shown and stored: control characters and lone surrogates
 * spelled out as \uXXXX. PostgreSQL refuses a NUL in any text, so one quoted in a rejection's
 * detail (or an event id held in suspense) would otherwise fail the whole batch instead of
 * rejecting one row; a lone surrogate would be stored as U+FFFD (see text.ts).
 */
export function printable(s: string): string {
  return spellOutLoneSurrogates(HAS_CONTROL_CHAR.test(s) ? s.replace(CONTROL_CHARS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : s);
}
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex -- as above
const HAS_CONTROL_CHAR = /[\u0000-\u001f\u007f]/;

/** Digits (and letters of a sender name) left readable at the end of a masked peer. */
export const PEER_VISIBLE = 4;
const PEER = /^\+?[0-9A-Za-z]{1,32}$/;

/**
 * The other party as stored and shown: spaces, dashes, dots and brackets dropped, then every
 * character but the last PEER_VISIBLE (half of a short one) replaced by '*', a leading + kept:
 * "+852 9123 4567" -> "+*******4567". '' (none sent) is null; undefined when it is no number or name.
 */
export function maskPeer(given: string): string | null | undefined {
  const compact = given.replace(/[\s\-.()]/g, '');
  if (compact === '') return null;
  if (!PEER.test(compact)) return undefined;
  const plus = compact.startsWith('+') ? '+' : '';
  const body = compact.slice(plus.length);
  const visible = Math.min(PEER_VISIBLE, Math.floor(body.length / 2));
  return plus + '*'.repeat(body.length - visible) + body.slice(body.length - visible);
}

function reject(code: RejectionCode, detail: string): UsageParse {
  return { ok: false, code, detail };
}

/**
 * A row's fields checked without the time window (which depends on `now`), so the check can run
 * ahead of rating (a file parser thread). `startedAtMs` is kept on a rejection found after the
 * time parsed, so that an out-of-window time still wins as it does in `parseUsageRow`.
 */
export type FieldParse = { readonly ok: true; readonly usage: ParsedUsage } | { readonly ok: false; readonly code: RejectionCode; readonly detail: string; readonly startedAtMs?: number };

export function parseUsageFields(raw: RawUsageRow): FieldParse {
  const eventId = text(raw.event_id);
  if (eventId === '' || eventId.length > 128) return reject('invalid_event_id', 'event_id must be 1-128 characters');
  if (HAS_CONTROL_CHAR.test(eventId)) return reject('invalid_event_id', `event_id "${printable(eventId)}" holds a control character`);
  if (!isWellFormed(eventId)) return reject('invalid_event_id', `event_id "${printable(eventId)}" is not well-formed Unicode (a lone UTF-16 surrogate)`);
  const imsi = text(raw.imsi);
  const iccid = text(raw.iccid);
  if (imsi === '' && iccid === '') return reject('unknown_subscriber', 'neither imsi nor iccid given');
  // No line is named so; and a store would refuse such a key (PostgreSQL: a NUL in text) or alter it (a lone surrogate).
  if (HAS_CONTROL_CHAR.test(imsi) || !isWellFormed(imsi)) return reject('unknown_subscriber', `no line with imsi ${printable(imsi)}`);
  if (HAS_CONTROL_CHAR.test(iccid) || !isWellFormed(iccid)) return reject('unknown_subscriber', `no line with iccid ${printable(iccid)}`);
  const kind = text(raw.kind).toLowerCase();
  if (!isUsageKind(kind)) return reject('invalid_kind', `kind "${printable(kind)}" is not data, voice or sms`);
  const direction = text(raw.direction).toLowerCase() || 'out';
  if (direction !== 'out' && direction !== 'in') return reject('invalid_kind', `direction "${printable(direction)}" is not out or in`);
  const startedAt = text(raw.started_at);
  const startedAtMs = parseInstant(startedAt);
  if (startedAtMs === undefined) return reject('invalid_time', `started_at "${printable(startedAt)}" is not ISO 8601 with an offset`);
  const quantityText = text(raw.quantity);
  if (!/^\d+$/.test(quantityText) || BigInt(quantityText) > MAX_QUANTITY) {
    const unit = kind === 'data' ? 'bytes' : kind === 'voice' ? 'seconds' : 'messages';
    return { ok: false, code: 'invalid_quantity', detail: `quantity "${printable(quantityText)}" is not a whole number of ${unit}`, startedAtMs };
  }
  const network = lookupNetwork(text(raw.mcc_mnc));
  if (network === undefined) return { ok: false, code: 'unknown_network', detail: `mcc_mnc "${printable(text(raw.mcc_mnc))}" is not a known network`, startedAtMs };
  const peer = maskPeer(text(raw.peer));
  if (peer === undefined) return { ok: false, code: 'invalid_peer', detail: `peer "${printable(text(raw.peer))}" is not a number or sender name (up to 32 letters or digits, + first)`, startedAtMs };
  return {
    ok: true,
    usage: {
      eventId,
      imsi,
      iccid,
      kind,
      direction: direction as Direction,
      startedAtMs,
      quantity: BigInt(quantityText),
      mccMnc: network.mccMnc,
      country: network.country,
      peer,
    },
  };
}

/** The time window of `now` applied to checked fields: a time outside it is `invalid_time` first. */
export function applyWindow(fields: FieldParse, raw: RawUsageRow, window: UsageWindow): UsageParse {
  const startedAtMs = fields.ok ? fields.usage.startedAtMs : fields.startedAtMs;
  if (startedAtMs !== undefined) {
    if (startedAtMs > window.latestAcceptedMs) return reject('invalid_time', `started_at ${text(raw.started_at)} is in the future`);
    if (startedAtMs < window.oldestAcceptedMs) return reject('invalid_time', `started_at ${text(raw.started_at)} is older than the retention window`);
  }
  return fields.ok ? fields : reject(fields.code, fields.detail);
}

/** Validates a raw row into a usage event; the line (imsi/iccid) is resolved later by the store. */
export function parseUsageRow(raw: RawUsageRow, window: UsageWindow): UsageParse {
  return applyWindow(parseUsageFields(raw), raw, window);
}

/** "007" and "7" are one quantity (digits without a leading zero already are their own canonical form). */
function canonicalQuantity(q: string): string {
  if (q.length > 1 && q.charCodeAt(0) === 48 && /^\d+$/.test(q)) return BigInt(q).toString();
  return q;
}

/**
 * The content of a row, for docs/rating-rules.md rule 6: same id + same fingerprint = duplicate, else a conflict.
 * Times are compared as instants, so "+08:00" and "Z" spellings of one moment are the same content.
 */
export function usageFingerprint(raw: RawUsageRow, knownInstantMs?: number): string {
  const startedAt = text(raw.started_at);
  const instant = knownInstantMs ?? parseInstant(startedAt);
  const parts = [
    text(raw.imsi),
    text(raw.iccid),
    text(raw.kind).toLowerCase(),
    text(raw.direction).toLowerCase() || 'out',
    instant === undefined ? startedAt : String(instant),
    canonicalQuantity(text(raw.quantity)),
    text(raw.mcc_mnc).replace(/[-\s]/g, ''),
  ];
  // Only when sent: the fingerprints of rows without a peer stay what they were before the column.
  const peer = maskPeer(text(raw.peer));
  if (peer) parts.push(peer);
  return fingerprintText(hash('sha256', parts.join('\u001f'), 'buffer'));
}

const FINGERPRINT_CHARS = 22;
const fingerprintScratch = Buffer.alloc(24);

/**
 * The first 22 characters of the digest's base64url, as a string of their own. `slice` of the
 * whole text would keep all 43 characters alive behind a slice (~95 bytes per fingerprint instead
 * of 40); an import holds the fingerprints of the batches in flight (60,000: ~3 MB). Eighteen
 * bytes encode to 24 characters whose first 22 are those of the whole digest.
 */
function fingerprintText(digest: Buffer): string {
  fingerprintScratch.write(digest.toString('base64url', 0, 18), 'latin1');
  return fingerprintScratch.toString('latin1', 0, FINGERPRINT_CHARS);
}

/** What rating needs of a row before `now` is known: its id, content fingerprint and checked fields. */
export interface PreparedUsage {
  readonly eventId: string;
  readonly hash: string;
  readonly fields: FieldParse;
}

export function prepareUsage(raw: RawUsageRow): PreparedUsage {
  const fields = parseUsageFields(raw);
  const instant = fields.ok ? fields.usage.startedAtMs : fields.startedAtMs;
  return { eventId: printable(text(raw.event_id)), hash: usageFingerprint(raw, instant), fields };
}
