/**
 * Twilio's request signature (X-Twilio-Signature): HMAC-SHA1, keyed with the auth token, of the
 * full URL Twilio requested followed by each POST parameter's name and value, names sorted
 * (a repeated name: its values sorted), base64. Compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function twilioSignature(authToken: string, url: string, params: Iterable<readonly [string, string]>): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of params) byName.set(name, [...(byName.get(name) ?? []), value]);
  let data = url;
  for (const name of [...byName.keys()].sort()) {
    for (const value of byName.get(name)!.sort()) data += name + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function isValidTwilioSignature(authToken: string, url: string, params: Iterable<readonly [string, string]>, signature: string | undefined): boolean {
  if (signature === undefined || signature === '') return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
