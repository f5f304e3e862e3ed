/** Allow lists of gateway addresses (USSD, Kannel): IPs and CIDR blocks, IPv4 and IPv6, checked when the config loads. */
import { isIP } from 'node:net';
import { ConfigError } from './config.js';

/** Loopback only: a gateway on the same machine. */
export const LOOPBACK_ALLOW: readonly string[] = Object.freeze(['127.0.0.0/8', '::1']);

/** An IPv4/IPv6 address, or one with a /prefix in range; undefined when malformed. */
export function parseAddressEntry(entry: string): { address: string; family: 'ipv4' | 'ipv6'; prefix?: number } | undefined {
  const [address = '', prefixText, extra] = entry.trim().split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > (version === 4 ? 32 : 128)) return undefined;
  return { address, family, prefix: Number(prefixText) };
}

/** A comma-separated allow list from the environment variable `name`; loopback when unset or blank. */
export function addressListOf(name: string, text: string | undefined): readonly string[] {
  if (text === undefined || text.trim() === '') return LOOPBACK_ALLOW;
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const bad = entries.find((e) => parseAddressEntry(e) === undefined);
  if (bad !== undefined) throw new ConfigError(`${name}: "${bad}" is not an IP address or CIDR block (e.g. 10.0.0.0/8, 192.0.2.7, ::1, fd00::/8)`);
  return Object.freeze(entries);
}
