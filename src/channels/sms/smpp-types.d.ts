/** The small part of the `smpp` package (0.5, no bundled types) that the ESME and its tests use. */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  export interface Pdu {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    response(options?: Record<string, unknown>): Pdu;
  }
  export interface Session extends EventEmitter {
    send(pdu: Pdu, responseCallback?: (pdu: Pdu) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
    submit_sm(options: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
    deliver_sm(options: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
    enquire_link(options?: Record<string, unknown> | ((pdu: Pdu) => void), callback?: (pdu: Pdu) => void): boolean;
    unbind(options?: Record<string, unknown> | ((pdu: Pdu) => void), callback?: (pdu: Pdu) => void): boolean;
  }
  export interface Server extends EventEmitter {
    listen(port: number, host?: string, callback?: () => void): Server;
    close(callback?: () => void): void;
    address(): { port: number } | string | null;
  }
  export function connect(options: { url?: string; host?: string; port?: number; auto_enquire_link_period?: number }, listener?: () => void): Session;
  export function createServer(listener: (session: Session) => void): Server;
  export const ESME_ROK: number;
  export const ESME_RBINDFAIL: number;
  const smpp: { connect: typeof connect; createServer: typeof createServer; ESME_ROK: number; ESME_RBINDFAIL: number };
  export default smpp;
}
