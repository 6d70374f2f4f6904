import { CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE, skipSpace, stringEnd } from "../json-bytes";
import { UNREAD_MEMBERS } from "./plan-bytes";

/**
 * How many values a plan's JSON holds (array elements and object members), counted in its bytes before
 * it is parsed. The size limits count bytes and changes, but the review's cost follows values, most of
 * all values in one change: one change of a list of 12,000,000 zeros (24 MB) took 31 s and 3.9 GB.
 * Values of the members nothing reads (UNREAD_MEMBERS) are not counted. One pass; nothing is allocated
 * but the top-level keys and the name of the element holding the most.
 */
export interface ValueCount {
  /** Array elements and object members of the members the review reads. */
  readonly total: number;
  /** The element of a top-level member holding the most values, e.g. `resource_changes[0]`. */
  readonly most: string;
  /** How many values `most` holds. */
  readonly mostValues: number;
}

interface Element {
  readonly top: string;
  /** An array index, or the offset of an object member's key. */
  readonly at: number;
  readonly isArray: boolean;
  readonly values: number;
}

/** The values of JSON text `bytes`; malformed text is counted as far as it goes (the parse refuses it). */
export function countValues(bytes: Buffer): ValueCount {
  let total = 0;
  let depth = 0;
  let top = "";
  let counted = true; // false inside a member nothing reads
  let isArray = false;
  let at = 0;
  let values = 0;
  let most: Element = { top: "", at: 0, isArray: false, values: 0 };
  const endElement = (): void => {
    if (counted && values > most.values) most = { top, at, isArray, values };
    values = 0;
  };
  const add = (): void => {
    if (!counted && depth >= 2) return; // the top-level members themselves are counted
    total++;
    if (depth >= 3) values++;
  };
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      const end = stringEnd(bytes, i);
      if (end < 0) break;
      const isKey = bytes[skipSpace(bytes, end)] === COLON;
      if (depth === 1 && isKey) {
        top = decodeString(bytes, i, end);
        counted = !UNREAD_MEMBERS.has(top);
      } else if (depth === 2 && isKey) at = i;
      i = end - 1;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      depth++;
      if (depth === 2) {
        isArray = c === OPEN_ARRAY;
        at = 0;
        values = 0;
      }
      const next = bytes[skipSpace(bytes, i + 1)];
      if (next !== CLOSE_ARRAY && next !== CLOSE_OBJECT) add();
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth === 2) endElement();
      depth--;
    } else if (c === COMMA) {
      add();
      if (depth === 2) {
        endElement();
        if (isArray) at++;
      }
    }
  }
  return { total, most: nameOf(bytes, most), mostValues: most.values };
}

function decodeString(bytes: Buffer, from: number, end: number): string {
  try {
    return String(JSON.parse(bytes.toString("utf8", from, end)));
  } catch {
    return ""; // a malformed key: the parse refuses the file
  }
}

/** `resource_changes[3]` or `output_changes["name"]`: decoded once, for the one element named. */
function nameOf(bytes: Buffer, most: Element): string {
  if (most.values === 0) return "(root)";
  if (most.isArray) return `${most.top}[${most.at}]`;
  return `${most.top}[${JSON.stringify(decodeString(bytes, most.at, stringEnd(bytes, most.at)))}]`;
}
