#!/usr/bin/env node
/**
 * Rewrites the portal's i18next JSON string files in place as ICU MessageFormat:
 * `{{name}}` -> `{name}`, `{{n, number}}` -> `{n, number}`, and a plural family
 * (`x_zero` ... `x_other`) -> one key `x` = `{count, plural, ...}` with the file language's
 * categories. Literal `{`, `}`, `'` (and `#` inside a plural) are quoted per ICU.
 * Idempotent: a value without `{{` that already parses as ICU is left alone, and a file
 * whose values do not change is not rewritten. The language is the file's name (ru.json).
 *
 * Usage: node scripts/i18next-to-icu.mjs [dir-or-file ...]   (default: portal/src/i18n)
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';

const FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'];
const SUFFIX = new RegExp(`^(.+)_(${FORMS.join('|')})$`);
const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*(?:,\s*([\w]+)[^}]*)?\}\}/g;
/** i18next formats that have an ICU argument type; others keep only the value. */
const ICU_TYPE = { number: 'number', datetime: 'date', date: 'date', time: 'time' };

/** Literal text as ICU: runs of syntax characters quoted, apostrophes doubled where they would start a quote. */
export function escapeText(text, inPlural) {
  const special = (c) => c === '{' || c === '}' || (inPlural && c === '#');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (special(c)) {
      let run = '';
      while (i < text.length && (special(text[i]) || text[i] === "'")) run += text[i++];
      i--;
      out += `'${run.replaceAll("'", "''")}'`;
    } else if (c === "'") {
      const next = text[i + 1];
      out += next === undefined || special(next) || "'<>|#".includes(next) ? "''" : "'";
    } else out += c;
  }
  return out;
}

/** One i18next string as ICU; inside a plural, the count itself becomes `#`. */
export function convertString(text, inPlural = false) {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    out += escapeText(text.slice(last, m.index), inPlural);
    const [, name, format] = m;
    const type = format ? ICU_TYPE[format] : undefined;
    out += inPlural && name === 'count' ? '#' : type ? `{${name}, ${type}}` : `{${name}}`;
    last = m.index + m[0].length;
  }
  return out + escapeText(text.slice(last), inPlural);
}

function parses(text, locale) {
  try {
    new IntlMessageFormat(text, locale, undefined, { ignoreTag: true });
    return true;
  } catch {
    return false;
  }
}

/** A plain value: converted if it is i18next syntax (or not valid ICU), else already ICU. */
function convertValue(text, locale) {
  if (text.includes('{{') || !parses(text, locale)) return convertString(text);
  return text;
}

/** `x_one`, `x_other` ... -> `{count, plural, ...}`; a missing required form takes `other`'s text. */
function pluralMessage(family, locale) {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const branches = [];
  for (const form of FORMS) {
    const text = family[form] ?? (categories.includes(form) ? family.other : undefined);
    if (text === undefined) continue;
    // i18next's _zero applies to 0 in every language; ICU says so with =0 where zero is not a category.
    const selector = form === 'zero' && !categories.includes('zero') ? '=0' : form;
    branches.push(`${selector} {${convertString(text, true)}}`);
  }
  return `{count, plural, ${branches.join(' ')}}`;
}

function familiesOf(object) {
  const families = new Map();
  for (const [key, value] of Object.entries(object)) {
    const m = SUFFIX.exec(key);
    if (m && typeof value === 'string') {
      const forms = families.get(m[1]) ?? {};
      forms[m[2]] = value;
      families.set(m[1], forms);
    }
  }
  // A family needs an `other` form, and a sibling or a count in it (so `foo_other` alone stays a key).
  for (const [base, forms] of families) {
    if (forms.other === undefined || (Object.keys(forms).length === 1 && !/\{\{\s*count\b/.test(forms.other))) families.delete(base);
  }
  return families;
}

export function convertObject(object, locale) {
  const families = familiesOf(object);
  const out = {};
  for (const [key, value] of Object.entries(object)) {
    const m = SUFFIX.exec(key);
    if (m && families.has(m[1])) {
      if (!(m[1] in out)) out[m[1]] = pluralMessage(families.get(m[1]), locale);
    } else if (typeof value === 'string') out[key] = convertValue(value, locale);
    else if (value !== null && typeof value === 'object') out[key] = convertObject(value, locale);
    else out[key] = value;
  }
  return out;
}

function jsonFiles(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => jsonFiles(join(path, name)))
    .filter((p) => p.endsWith('.json'));
}

function main(paths) {
  for (const file of paths.flatMap(jsonFiles)) {
    const locale = basename(file, '.json');
    const before = JSON.parse(readFileSync(file, 'utf8'));
    const after = convertObject(before, locale);
    if (JSON.stringify(after) === JSON.stringify(before)) continue;
    writeFileSync(file, `${JSON.stringify(after, null, 2)}\n`);
    console.log(`converted ${file}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.length > 2 ? process.argv.slice(2) : ['portal/src/i18n']);
