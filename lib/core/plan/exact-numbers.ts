/**
 * Numbers of plan JSON as Terraform wrote them. Terraform's numbers have arbitrary precision and its
 * JSON writes every digit (`9007199254740995`, `0.10000000000000000001`, 1e400 as 401 digits); JSON.parse
 * rounds each to a double, so a review showed `100 -> 9007199254740996` for a plan that sets
 * 9007199254740995, no line at all for `9007199254740993 -> 9007199254740992`, and digested two plans
 * that set different numbers alike. A number a double does not write back as it was written (16 or more
 * digits and dots, or an exponent of 3 digits: no shorter one can be) is read as an exact number
 * instead: a registered symbol of its text, so every walk of values takes it for a leaf, two of the same
 * digits are `===`, and no plan can forge one (a plan holds strings, not symbols). Values are shown,
 * compared and digested through exactJson, which writes it as its digits, unquoted; risk rules read
 * numbers, so they get the nearest double (approximateNumbers), as they did before.
 */
import { randomUUID } from "node:crypto";
import { isRecord, jsonText } from "../json";

const KEY = "golive.plan.exact-number ";

/**
 * Set once a plan held an exact number: until then no value can hold one and the writers below are
 * jsonText itself (ordinary plans pay one boolean test).
 */
let anyRead = false;

/** The exact number written `text`: the same symbol for the same text. */
function exactNumber(text: string): symbol {
  anyRead = true;
  return Symbol.for(`${KEY}${text}`);
}

/** True for a number read exactly (exactNumber). */
export function isExactNumber(value: unknown): value is symbol {
  return typeof value === "symbol" && Symbol.keyFor(value)?.startsWith(KEY) === true;
}

/** The digits of an exact number, as the plan wrote them. */
export function exactDigits(value: symbol): string {
  return (Symbol.keyFor(value) ?? "").slice(KEY.length);
}

/** True when a number token loses digits as a double: only one of 16+ digits and dots or a 3-digit exponent can. */
function losesDigits(token: string): boolean {
  return (RUN.test(token) || EXPONENT.test(token)) && String(Number(token)) !== token;
}
const RUN = /[\d.]{16}/;
const EXPONENT = /[eE][+-]?\d{3}/;

// ---- reading -------------------------------------------------------------------------------------

/** Stands for an exact number's token in the text JSON.parse reads; random, so no plan string holds it. */
const TAG = `~${randomUUID()}~`;

/**
 * JSON.parse, except that a number a double would not keep as written is read as an exact number.
 * The text is looked at for one first (mayLoseDigits): most plans have none and are one JSON.parse.
 * Throws what JSON.parse throws on text that is not JSON.
 */
export function parseJson(text: string): unknown {
  if (!mayLoseDigits(text)) return JSON.parse(text);
  const parts: string[] = [];
  let from = 0;
  for (const [start, end] of lossyTokens(text)) {
    parts.push(text.slice(from, start), JSON.stringify(`${TAG}${text.slice(start, end)}`));
    from = end;
  }
  if (parts.length === 0) return JSON.parse(text);
  parts.push(text.slice(from));
  return withExactNumbers(JSON.parse(parts.join("")));
}

const isDigitOrDot = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x2e;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * True when the digits and dots around `at` may begin a number token outside a string: before them (a
 * minus sign and white space aside) is the text's start, `:`, `,` or `[`. Inside a string such a run is
 * rare; where one is anyway, the only cost is reading that text token by token.
 */
function mayStartNumber(text: string, at: number): boolean {
  let i = at;
  while (i > 0 && isDigitOrDot(text.charCodeAt(i - 1))) i--;
  if (i > 0 && text.charCodeAt(i - 1) === 0x2d) i--;
  while (i > 0 && isSpace(text.charCodeAt(i - 1))) i--;
  if (i === 0) return true;
  const c = text.charCodeAt(i - 1);
  return c === 0x3a || c === 0x2c || c === 0x5b;
}

const EXPONENT_IN_TEXT = /\d[eE][+-]?\d{3}/g;

/**
 * False when no number in `text` can lose digits as a double: it has no run of 16 digits and dots, and
 * no 3-digit exponent, where a number may start. A run of 16 holds two characters 8 apart at multiples
 * of 8, so every 8th character is read first: a 30 MB plan costs milliseconds.
 */
function mayLoseDigits(text: string): boolean {
  const n = text.length;
  // The end of the last run read whole: a long run is read once, not once per 8 characters.
  let read = 0;
  for (let i = 7; i < n; i += 8) {
    if (i < read || !isDigitOrDot(text.charCodeAt(i)) || !isDigitOrDot(text.charCodeAt(i + 8))) continue;
    let start = i;
    while (start > 0 && isDigitOrDot(text.charCodeAt(start - 1))) start--;
    read = i + 1;
    while (read < n && isDigitOrDot(text.charCodeAt(read))) read++;
    if (read - start >= 16 && mayStartNumber(text, start)) return true;
  }
  EXPONENT_IN_TEXT.lastIndex = 0;
  for (let m = EXPONENT_IN_TEXT.exec(text); m !== null; m = EXPONENT_IN_TEXT.exec(text)) if (mayStartNumber(text, m.index)) return true;
  return false;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Where the number tokens outside strings that lose digits as doubles are, in order. Strings are
 * skipped as JSON ends them (at a quote after an even run of backslashes). On text that is not JSON the
 * result does not matter: a number token turned into a string token leaves it invalid.
 */
function lossyTokens(text: string): [number, number][] {
  const out: [number, number][] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i);
      continue;
    }
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) {
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const token = NUMBER.exec(text)?.[0];
    if (token === undefined) {
      i++;
      continue;
    }
    if (losesDigits(token)) out.push([i, i + token.length]);
    i += token.length;
  }
  return out;
}

/** The index after the string opening at `from`; the text's end when it never closes. */
function stringEnd(text: string, from: number): number {
  for (let i = from + 1; ; ) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** The parsed value with every TAG string made the exact number it stands for, in place. Iterative: any depth. */
function withExactNumbers(value: unknown): unknown {
  const swap = (v: unknown): unknown => (typeof v === "string" && v.startsWith(TAG) ? exactNumber(v.slice(TAG.length)) : v);
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (Array.isArray(v))
      for (let i = 0; i < v.length; i++) {
        v[i] = swap(v[i]);
        todo.push(v[i]);
      }
    else if (isRecord(v)) {
      // An own member, so assigning sets it (even one named `__proto__`, which JSON.parse makes a plain key).
      const record = v as Record<string, unknown>;
      for (const k of Object.keys(record)) {
        record[k] = swap(record[k]);
        todo.push(record[k]);
      }
    }
  }
  return swap(value);
}

// ---- writing -------------------------------------------------------------------------------------

/** True when a value holds an exact number anywhere. Iterative. */
function holdsExactNumber(value: unknown): boolean {
  if (!anyRead) return false;
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (isExactNumber(v)) return true;
    if (Array.isArray(v)) for (const item of v) todo.push(item);
    else if (isRecord(v)) for (const k of Object.keys(v)) todo.push(v[k]);
  }
  return false;
}

/** A copy of `value` with each exact number replaced by `to(its digits)`. Iterative; keys keep their order. */
function mapExactNumbers(value: unknown, to: (digits: string) => unknown): unknown {
  const root: unknown[] = [undefined];
  const todo: { into: object; key: string | number; v: unknown }[] = [{ into: root, key: 0, v: value }];
  while (todo.length > 0) {
    const { into, key, v } = todo.pop() as (typeof todo)[number];
    let out: unknown = v;
    if (isExactNumber(v)) out = to(exactDigits(v));
    else if (Array.isArray(v)) {
      const copy: unknown[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) todo.push({ into: copy, key: i, v: v[i] });
      out = copy;
    } else if (isRecord(v)) {
      const copy = {};
      // Each member defined now, in order (its value comes later), and as a data property: a
      // `__proto__` key stays a key.
      for (const k of Object.keys(v)) {
        define(copy, k, undefined);
        todo.push({ into: copy, key: k, v: v[k] });
      }
      out = copy;
    }
    define(into, key, out);
  }
  return root[0];
}

function define(into: object, key: string | number, value: unknown): void {
  Object.defineProperty(into, key, { value, writable: true, enumerable: true, configurable: true });
}

const TAGGED = new RegExp(`"${TAG}([^"]*)"`, "g");

/**
 * jsonText (lib/core/json.ts) with exact numbers written as their digits, unquoted: what a review shows,
 * compares and digests of a value. A double never writes as an exact number's digits (it is one because
 * JavaScript writes its double otherwise), so the text of a value tells its numbers apart.
 */
export function exactJson(value: unknown, canonical = false): string | undefined {
  if (isExactNumber(value)) return exactDigits(value);
  if (!holdsExactNumber(value)) return jsonText(value, canonical);
  return jsonText(
    mapExactNumbers(value, (digits) => `${TAG}${digits}`),
    canonical,
  )?.replace(TAGGED, "$1");
}

/** `value` with exact numbers as their nearest doubles: for risk rules, which compare numbers. */
export function approximateNumbers(value: unknown): unknown {
  return holdsExactNumber(value) ? mapExactNumbers(value, Number) : value;
}
