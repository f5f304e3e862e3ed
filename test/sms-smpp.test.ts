/** The ESME against the `smpp` package's own server playing the SMSC (not our code). */
import pino from 'pino';
import smpp, { type Pdu, type Session } from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmppUrl, SmppEsme } from '../src/channels/sms/smpp-esme.js';
import { buildDemoProvisioning } from '../src/demo/demo-data.js';
import { provision } from '../src/services/provision.js';
import { openTestStore, TEST_DIALECTS } from '../src/testing/test-stores.js';
import type { Store } from '../src/store/open-store.js';

const NOW = Date.parse('2026-03-10T03:00:00Z');
const WILSON = '+85261234567';
const CHAN = '+85291234567';

function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => (check() ? resolve() : Date.now() - started > timeoutMs ? reject(new Error(`timed out: ${what}`)) : setTimeout(tick, 20));
    tick();
  });
}

function textOf(pdu: Pdu): string {
  const m = pdu['short_message'] as { message?: string | Buffer } | undefined;
  return typeof m?.message === 'string' ? m.message : '';
}

describe.each(TEST_DIALECTS)('SMPP ESME against smpp.createServer (%s)', (dialect) => {
  let store: Store;
  let server: smpp.Server;
  let esme: SmppEsme;
  const sessions: Session[] = [];
  const binds: Pdu[] = [];
  const submits: Pdu[] = [];
  let enquires = 0;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    expect((await provision(store, buildDemoProvisioning(NOW), NOW)).ok).toBe(true);
    server = smpp.createServer((session) => {
      sessions.push(session);
      session.on('error', () => undefined);
      session.on('bind_transceiver', (pdu: Pdu) => {
        binds.push(pdu);
        const ok = pdu['system_id'] === 'esme1' && pdu['password'] === 'pw';
        session.send(pdu.response(ok ? {} : { command_status: smpp.ESME_RBINDFAIL }));
      });
      session.on('submit_sm', (pdu: Pdu) => {
        submits.push(pdu);
        session.send(pdu.response({ message_id: `m${submits.length}` }));
      });
      session.on('enquire_link', (pdu: Pdu) => {
        enquires += 1;
        session.send(pdu.response());
      });
      session.on('unbind', (pdu: Pdu) => {
        session.send(pdu.response());
        session.close();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as { port: number }).port;
    esme = new SmppEsme(parseSmppUrl(`smpp://esme1:pw@127.0.0.1:${port}`, '1234'), { store, now: () => NOW, log: pino({ level: 'silent' }) }, { enquireLinkMs: 200, backoffMs: 100 });
    esme.start();
    await esme.whenBound();
  });

  afterAll(async () => {
    await esme?.stop();
    for (const s of sessions) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store?.close();
  });

  const deliver = (from: string, message: string, extra: Record<string, unknown> = {}) =>
    new Promise<Pdu>((resolve) => sessions.at(-1)!.deliver_sm({ source_addr: from, destination_addr: '1234', short_message: message, ...extra }, resolve));

  it('binds as transceiver and keeps the link with enquire_link', async () => {
    expect(binds[0]).toMatchObject({ command: 'bind_transceiver', system_id: 'esme1' });
    await waitFor(() => enquires >= 2, 'two enquire_link');
  });

  it('answers deliver_sm BALANCE with a GSM-7 submit_sm', async () => {
    const resp = await deliver(WILSON, 'BALANCE');
    expect(resp.command_status).toBe(0);
    await waitFor(() => submits.length >= 1, 'submit_sm');
    const reply = submits.at(-1)!;
    expect(reply).toMatchObject({ destination_addr: WILSON, source_addr: '1234', data_coding: 0 });
    expect(textOf(reply)).toMatch(/^Balance HK\$[\d,]+\.\d\d\. Data /);
  });

  it('answers 餘額 (UCS-2 in) with a UCS-2 submit_sm', async () => {
    const before = submits.length;
    await deliver(CHAN, '餘額', { data_coding: 8 });
    await waitFor(() => submits.length > before, 'submit_sm');
    const reply = submits.at(-1)!;
    expect(reply['data_coding']).toBe(8);
    expect(textOf(reply)).toMatch(/^餘額HK\$/);
  });

  it('splits a long reply into parts with a concatenation UDH', async () => {
    const before = submits.length;
    await esme.send({ to: CHAN, text: '提'.repeat(100), purpose: 'alert' });
    await waitFor(() => submits.length >= before + 2, 'two parts');
    const parts = submits.slice(before);
    expect(parts.map((p) => Number(p['esm_class']) & 0x40)).toEqual([0x40, 0x40]);
    const udhs = parts.map((p) => [...(p['short_message'] as { udh: Buffer[] }).udh[0]!]);
    expect(udhs.map((u) => u.slice(3))).toEqual([
      [2, 1],
      [2, 2],
    ]);
  });

  it('records delivery receipts', async () => {
    await deliver(WILSON, 'id:m1 sub:001 dlvrd:001 submit date:2603100300 done date:2603100301 stat:DELIVRD err:000 text:Balance', { esm_class: 0x04 });
    await waitFor(() => esme.receipts.length === 1, 'receipt');
    expect(esme.receipts[0]).toMatchObject({ messageId: 'm1', stat: 'DELIVRD' });
  });

  it('reconnects and binds again after the SMSC drops the session', async () => {
    sessions.at(-1)!.destroy();
    await waitFor(() => !esme.isBound, 'link down');
    await esme.whenBound();
    expect(binds.length).toBe(2);
    const before = submits.length;
    await deliver(WILSON, 'bal');
    await waitFor(() => submits.length > before, 'submit_sm after reconnect');
    expect(textOf(submits.at(-1)!)).toMatch(/^Balance /);
  });
});
