/** Where the hotline's option 0 transfers a caller: SIMLEDGER_IVR_AGENT, a phone number or a SIP URI. */
import { ConfigError } from './config.js';

export type AgentTarget = { readonly kind: 'number'; readonly number: string } | { readonly kind: 'sip'; readonly uri: string };

/** "+85230001999" or "sip:agents@pbx.example.com"; empty or unset: no agent (option 0 says so). */
export function parseAgentTarget(text: string | undefined): AgentTarget | undefined {
  const value = text?.trim() ?? '';
  if (value === '') return undefined;
  if (/^\+[1-9]\d{6,14}$/.test(value)) return { kind: 'number', number: value };
  if (/^sips?:[^\s?@]+@[^\s?]+$/.test(value)) return { kind: 'sip', uri: value };
  throw new ConfigError(`SIMLEDGER_IVR_AGENT must be an E.164 number (+85230001999) or a SIP URI (sip:agents@pbx.example.com), got "${value}"`);
}
