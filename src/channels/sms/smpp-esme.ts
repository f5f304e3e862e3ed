/**
 * SMPP 3.4 ESME: binds as transceiver to the SMSC (`smpp://system_id:password@host:port`),
 * answers each `deliver_sm` with the keyword reply as `submit_sm` (GSM-7 data_coding 0, or UCS-2
 * data_coding 8; long replies in parts with a concatenation UDH), keeps the link with
 * `enquire_link`, reconnects with exponential backoff, and records delivery receipts.
 */
import smpp, { type Pdu, type Session } from 'smpp';
import type { Logger } from 'pino';
import type { OutgoingSms, SmsSender } from '../../services/ports/sms-sender.js';
import { concatUdh, decodeGsm7, decodeUcs2, encodeGsm7, encodeUcs2, splitSms } from './segments.js';
import { replyToSms, type SmsReplyDeps } from './sms-reply.js';

export interface SmppConfig {
  host: string;
  port: number;
  systemId: string;
  password: string;
  sourceAddr: string;
}

/** `smpp://system_id:password@host:port` (SIMLEDGER_SMPP_URL or `serve --smpp`). */
export function parseSmppUrl(url: string, sourceAddr = 'simledger'): SmppConfig {
  const u = new URL(url);
  if (u.protocol !== 'smpp:' || u.hostname === '' || u.username === '') throw new Error(`"${url}" is not smpp://system_id:password@host:port`);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 2775), systemId: decodeURIComponent(u.username), password: decodeURIComponent(u.password), sourceAddr };
}

export interface DeliveryReceipt {
  messageId: string;
  stat: string;
  from: string;
  at: number;
}

const ESM_RECEIPT = 0x04;
const ESM_UDHI = 0x40;

export class SmppEsme implements SmsSender {
  readonly receipts: DeliveryReceipt[] = [];
  private session: Session | undefined;
  private bound = false;
  private stopped = false;
  private attempt = 0;
  private reference = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly config: SmppConfig,
    private readonly deps: SmsReplyDeps & { log: Logger; now: () => number },
    private readonly options: { enquireLinkMs?: number; backoffMs?: number; backoffMaxMs?: number } = {},
  ) {}

  get isBound(): boolean {
    return this.bound;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Resolves once bound (again). */
  whenBound(): Promise<void> {
    return this.bound ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  private connect(): void {
    const session = smpp.connect({ host: this.config.host, port: this.config.port, auto_enquire_link_period: this.options.enquireLinkMs ?? 30_000 });
    this.session = session;
    session.on('connect', () => {
      session.bind_transceiver({ system_id: this.config.systemId, password: this.config.password, interface_version: 0x34 }, (pdu) => {
        if (pdu.command_status !== 0) {
          this.deps.log.error({ status: pdu.command_status }, 'smpp bind refused');
          session.destroy();
          return;
        }
        this.bound = true;
        this.attempt = 0;
        this.deps.log.info({ host: this.config.host, port: this.config.port }, 'smpp bound as transceiver');
        for (const resolve of this.waiters.splice(0)) resolve();
      });
    });
    session.on('deliver_sm', (pdu: Pdu) => {
      void this.onDeliver(session, pdu);
    });
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('error', (error: Error) => this.deps.log.warn({ err: error }, 'smpp session error'));
    session.on('close', () => this.onClose(session));
  }

  private onClose(session: Session): void {
    if (session !== this.session) return;
    this.bound = false;
    this.session = undefined;
    if (this.stopped) return;
    const base = this.options.backoffMs ?? 1_000;
    const delay = Math.min(base * 2 ** this.attempt, this.options.backoffMaxMs ?? 60_000);
    this.attempt += 1;
    this.deps.log.warn({ delayMs: delay }, 'smpp link lost; reconnecting');
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private async onDeliver(session: Session, pdu: Pdu): Promise<void> {
    session.send(pdu.response());
    const from = String(pdu['source_addr'] ?? '');
    const text = messageText(pdu);
    if ((Number(pdu['esm_class']) & ESM_RECEIPT) !== 0) {
      const receipt = { messageId: /id:(\S+)/.exec(text)?.[1] ?? String(pdu['receipted_message_id'] ?? ''), stat: /stat:(\S+)/.exec(text)?.[1] ?? '', from, at: this.deps.now() };
      this.receipts.push(receipt);
      if (this.receipts.length > 1_000) this.receipts.shift();
      this.deps.log.info({ receipt }, 'smpp delivery receipt');
      return;
    }
    const reply = await replyToSms(this.deps, from, text);
    await this.submit(from, reply);
  }

  async send(message: OutgoingSms): Promise<void> {
    if (!this.bound) throw new Error('smpp: not bound');
    await this.submit(message.to, message.text);
  }

  private submit(to: string, text: string): Promise<void> {
    const session = this.session;
    if (session === undefined) return Promise.reject(new Error('smpp: not connected'));
    const { encoding, parts } = splitSms(text);
    const encode = encoding === 'ucs2' ? encodeUcs2 : encodeGsm7;
    const reference = (this.reference = (this.reference + 1) & 0xff);
    const sends = parts.map(
      (part, i) =>
        new Promise<void>((resolve, reject) => {
          const body = encode(part);
          const udh = parts.length > 1 ? concatUdh(reference, parts.length, i + 1) : undefined;
          session.submit_sm(
            {
              source_addr: this.config.sourceAddr,
              destination_addr: to,
              registered_delivery: 1,
              data_coding: encoding === 'ucs2' ? 8 : 0,
              esm_class: udh ? ESM_UDHI : 0,
              short_message: udh ? Buffer.concat([udh, body]) : body,
            },
            (resp) => (resp.command_status === 0 ? resolve() : reject(new Error(`submit_sm status ${resp.command_status}`))),
          );
        }),
    );
    return Promise.all(sends).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const session = this.session;
    this.bound = false;
    if (session === undefined) return;
    await new Promise<void>((resolve) => {
      const done = setTimeout(() => session.destroy(() => resolve()), 1_000);
      session.unbind(() => {
        clearTimeout(done);
        session.destroy(() => resolve());
      });
    });
  }
}

/** The text of a deliver_sm: its octets decoded by data_coding (the package decodes only some). */
export function messageText(pdu: Pdu): string {
  const field = (pdu['message_payload'] ?? pdu['short_message']) as { message?: unknown } | Buffer | string | undefined;
  const value = Buffer.isBuffer(field) ? field : ((field as { message?: unknown } | undefined)?.message ?? field);
  if (typeof value === 'string') return value;
  if (!Buffer.isBuffer(value)) return '';
  const coding = Number(pdu['data_coding'] ?? 0) & 0x0f;
  if (coding === 8) return decodeUcs2(value);
  if (coding === 0) return decodeGsm7(value);
  return value.toString('latin1');
}
