/**
 * The body limit over a real socket: a declared length over the limit is answered 413 and the
 * connection closed before the body is sent; a chunked body is cut off at the limit; the limits
 * come from the server config.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/config.js';
import { loadServerConfig } from '../src/config/server-config.js';
import { startServer, type Running } from '../src/main.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../src/testing/test-stores.js';

const LIMIT = 4096;

/** Sends `head`, then `body` 1 KiB at a time while the socket stays open; the answer and how much of the body went out. */
function rawPost(url: string, head: string, body: Buffer, framing: (chunk: Buffer) => Buffer = (c) => c): Promise<{ answer: string; sentBytes: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    let sentBytes = 0;
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ answer, sentBytes }));
    socket.write(head);
    const timer = setInterval(() => {
      if (socket.destroyed || answer !== '' || sentBytes >= body.length) {
        clearInterval(timer);
        return;
      }
      socket.write(framing(body.subarray(sentBytes, sentBytes + 1024)));
      sentBytes += 1024;
    }, 2);
  });
}

describe.each(TEST_DIALECTS)('body limits over a socket (%s)', (dialect) => {
  let database: TestDatabase;
  let running: Running;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const env = { SIMLEDGER_LOG_LEVEL: 'silent', SIMLEDGER_BODY_LIMIT_BYTES: String(LIMIT), SIMLEDGER_BULK_BODY_LIMIT_BYTES: String(4 * LIMIT) };
    running = await startServer(loadServerConfig({ db: database.url, host: '127.0.0.1', port: '0' }, env));
  });
  afterAll(async () => {
    await running.stop();
    await database.drop();
  });

  it('answers 413 to a declared length over the limit and closes before the body is sent', async () => {
    const head = `POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: ${50 * 1024 * 1024}\r\n\r\n`;
    const { answer, sentBytes } = await rawPost(running.server.url, head, Buffer.alloc(50 * 1024 * 1024, 0x5b));
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).toContain('"code":"payload_too_large"');
    expect(sentBytes).toBeLessThan(1024 * 1024);
  });

  it('cuts a chunked body off at the limit, and the bulk routes take the bulk limit', async () => {
    const head = 'POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n';
    const chunk = (c: Buffer) => Buffer.concat([Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')]);
    const { answer, sentBytes } = await rawPost(running.server.url, head, Buffer.alloc(1024 * 1024, 0x5b), chunk);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(sentBytes).toBeLessThan(256 * 1024);
    const body = `{"tariffs":[],"pad":"${'x'.repeat(2 * LIMIT)}"}`;
    const bulk = await fetch(`${running.server.url}/api/v1/operator/provisioning`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(bulk.status).toBe(401); // within the bulk limit: the key is what is missing
    const small = await fetch(`${running.server.url}/api/v1/operator/vouchers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(small.status).toBe(413);
    expect((await fetch(`${running.server.url}/healthz`)).status).toBe(200);
  });
});

describe('body limit settings', () => {
  it('are validated at start', () => {
    expect(loadServerConfig({}, {})).toMatchObject({ bodyLimitBytes: 65_536, bulkBodyLimitBytes: 8 * 1024 * 1024 });
    expect(() => loadServerConfig({}, { SIMLEDGER_BODY_LIMIT_BYTES: '10kb' })).toThrow(ConfigError);
    expect(() => loadServerConfig({}, { SIMLEDGER_BULK_BODY_LIMIT_BYTES: '12' })).toThrow(/SIMLEDGER_BULK_BODY_LIMIT_BYTES must be a number of bytes from 1024/);
  });
});
