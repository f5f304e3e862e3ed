/** Which client addresses may call a gateway callback: IPs and CIDR blocks, IPv4 and IPv6. */
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { parseAddressEntry } from '../config/address-list.js';

export type AddressCheck = (address: string | undefined) => boolean;

export function addressAllowList(entries: readonly string[]): AddressCheck {
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseAddressEntry(entry);
    if (parsed === undefined) throw new Error(`"${entry}" is not an IP address or CIDR block`);
    if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.family);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return (address) => {
    if (address === undefined) return false;
    // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d.
    const plain = address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const version = isIP(plain);
    return version !== 0 && list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  };
}

/** The peer address of the socket; undefined without one (`app.request()` in tests). */
export function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}
