/**
 * Text keys (event ids, sources, account, eSIM, plan and top-up ids) must be well-formed UTF-16.
 * A lone surrogate has no UTF-8 form: SQLite and PostgreSQL both store it as U+FFFD, so the key
 * read back is not the key written (a duplicate would go unseen) and it would alias a real key
 * holding U+FFFD. Invalid UTF-8 in a file is another matter: it is decoded to U+FFFD before it
 * is a key, and so is the same key on every read.
 */

/** ES2022's lib does not declare it; Node 20 has it. */
interface WellFormedCheck {
  isWellFormed(): boolean;
}

export function isWellFormed(s: string): boolean {
  return (s as unknown as WellFormedCheck).isWellFormed();
}

export const ILL_FORMED_REASON = 'must be well-formed Unicode text (it holds a lone UTF-16 surrogate)';

/** Why the first field whose text is not well-formed is refused (naming it), or undefined when all are. */
export function explainIllFormed(fields: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && !isWellFormed(value)) return `${name} ${ILL_FORMED_REASON}`;
  return undefined;
}

/** Lone surrogates spelled out as \uXXXX, so that text quoting them can be shown and stored. */
export function spellOutLoneSurrogates(s: string): string {
  return isWellFormed(s) ? s : s.replace(LONE_SURROGATE, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}
// With the u flag a surrogate pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /[\ud800-\udfff]/gu;
