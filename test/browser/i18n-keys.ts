/** The portal's string files (ICU MessageFormat): keys, and checks every language's strings must pass. */
import { IntlMessageFormat } from 'intl-messageformat';

/** Flattened keys of a translation file: `a.b.c`. */
export function keysOf(value: unknown, prefix = ''): string[] {
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

/** Flattened `a.b.c` -> string of a translation file. */
export function stringsOf(value: unknown): Map<string, string> {
  return new Map(keysOf(value).map((k) => [k, String(k.split('.').reduce<unknown>((v, p) => (v as Record<string, unknown>)[p], value))]));
}

/** The parts of the parser's tree these checks read: argument names, plural kinds and branches. */
interface Element {
  type: number;
  value?: unknown;
  pluralType?: string;
  options?: Record<string, { value: Element[] }>;
}

const parse = (text: string, locale: string) => new IntlMessageFormat(text, locale, undefined, { ignoreTag: true }).getAst() as Element[];

function walk(elements: Element[], visit: (e: Element) => void): void {
  for (const e of elements) {
    visit(e);
    for (const option of Object.values(e.options ?? {})) walk(option.value, visit);
  }
}

/** What is wrong with one ICU string in a locale: it does not parse, or a plural lacks a category the language has. */
export function icuProblems(text: string, locale: string): string[] {
  let elements: Element[];
  try {
    elements = parse(text, locale);
  } catch (e) {
    return [`does not parse: ${(e as Error).message}`];
  }
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const problems: string[] = [];
  walk(elements, (e) => {
    if (e.pluralType !== 'cardinal' || !e.options) return;
    for (const category of categories) if (!(category in e.options)) problems.push(`plural {${String(e.value)}} has no "${category}"`);
  });
  return problems;
}

/** Names of the values a string takes (`{name}`, `{count, plural, ...}`), sorted. */
export function argumentNames(text: string, locale: string): string[] {
  const names = new Set<string>();
  // Types 1-6 (argument, number, date, time, select, plural) carry their value's name; 0 is literal text.
  walk(parse(text, locale), (e) => {
    if (e.type >= 1 && e.type <= 6) names.add(String(e.value));
  });
  return [...names].sort();
}

/** Plural argument names of a string: the values whose number chooses the wording. */
export function pluralArguments(text: string, locale: string): string[] {
  const names = new Set<string>();
  walk(parse(text, locale), (e) => {
    if (e.pluralType !== undefined) names.add(String(e.value));
  });
  return [...names];
}
