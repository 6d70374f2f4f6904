/**
 * The first key that repeats within one object of JSON text. RFC 8259 section 4: names within an object
 * SHOULD be unique, and where they are not, "the behavior of software that receives such an object is
 * unpredictable"; JSON.parse keeps the last one without a word, so `{"edge": ..., "edge": ...}` drops a
 * config section and a second `resource_changes` hides a plan's destroys. Shared by the config loader
 * and the plan reader.
 */
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE, stringEnd } from "./json-bytes";

export type JsonPath = readonly (string | number)[];

/**
 * Keys an object holds before they go into a Set: below this, comparing the bytes of the few keys so
 * far is cheaper than a string and a Set per object (a plan holds millions of small objects); past it,
 * the Set keeps the whole check linear in the text, whatever one object holds.
 */
const SCANNED_KEYS = 16;

/** The key quoted from `start` to `end` as JSON.parse reads it: escapes resolved, bytes that are not UTF-8 as U+FFFD. */
function keyAt(bytes: Buffer, start: number, end: number): string {
  const raw = bytes.toString("utf8", start + 1, end - 1);
  if (isPlain(bytes, start, end)) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw; // not valid JSON there: nothing JSON.parse accepted, so nothing it could read as a repeat
  }
}

/** A key of ASCII without escapes: as JSON.parse reads it, two such keys are equal exactly when their bytes are. */
function isPlain(bytes: Buffer, start: number, end: number): boolean {
  for (let k = start + 1; k < end - 1; k++) {
    const c = bytes[k] as number;
    if (c === BACKSLASH || c >= 0x80) return false;
  }
  return true;
}

function sameBytes(bytes: Buffer, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}

/**
 * The path of the first repeated key of JSON text (`["resource_changes", 3, "change", "actions"]`), in
 * one pass over the text, or undefined when every object's keys are unique. Meant for text JSON.parse
 * accepted; on any other it ends without throwing and may miss a repeat.
 */
export function firstDuplicateKey(json: Buffer | string): JsonPath | undefined {
  return new KeyScan(typeof json === "string" ? Buffer.from(json, "utf8") : json).firstRepeat();
}

/**
 * One pass, one slot per open object or array (outermost first). An object's keys are kept as where
 * they start and end in the text, compared byte for byte while they are few and plain, and as strings
 * in a Set once there are many or one is not plain.
 */
class KeyScan {
  private readonly isObject: boolean[] = [];
  /** Per open object: where its current key starts; per open array: the index of its current item. */
  private readonly at: number[] = [];
  /** Per open object: where its keys start in `keyStarts`, and its Set once it has one. */
  private readonly firstKey: number[] = [];
  private readonly keySets: (Set<string> | undefined)[] = [];
  /** Where the keys of every open object without a Set start and end, innermost last. */
  private readonly keyStarts: number[] = [];
  private readonly keyEnds: number[] = [];
  private depth = 0;

  constructor(private readonly bytes: Buffer) {}

  firstRepeat(): JsonPath | undefined {
    const bytes = this.bytes;
    let expectKey = false;
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i];
      if (c === QUOTE) {
        const end = stringEnd(bytes, i);
        if (end < 0) return undefined;
        if (expectKey && this.depth > 0) {
          if (this.isRepeat(i, end)) return this.pathTo(i, end);
          this.at[this.depth - 1] = i;
          expectKey = false;
        }
        i = end - 1;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        this.isObject[this.depth] = c === OPEN_OBJECT;
        this.at[this.depth] = 0;
        this.firstKey[this.depth] = this.keyStarts.length;
        this.keySets[this.depth] = undefined;
        this.depth++;
        expectKey = c === OPEN_OBJECT;
      } else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && this.depth > 0) {
        this.depth--;
        this.forgetKeys(this.firstKey[this.depth] as number);
        this.keySets[this.depth] = undefined;
        expectKey = false;
      } else if (c === COMMA && this.depth > 0) {
        if (this.isObject[this.depth - 1]) expectKey = true;
        else this.at[this.depth - 1] = (this.at[this.depth - 1] as number) + 1;
      }
    }
    return undefined;
  }

  /** Whether the innermost object has the key quoted from `start` to `end` already; remembers it. */
  private isRepeat(start: number, end: number): boolean {
    const top = this.depth - 1;
    const from = this.firstKey[top] as number;
    let set = this.keySets[top];
    if (!set && (!isPlain(this.bytes, start, end) || this.keyStarts.length - from >= SCANNED_KEYS)) {
      set = new Set();
      for (let k = from; k < this.keyStarts.length; k++) set.add(keyAt(this.bytes, this.keyStarts[k] as number, this.keyEnds[k] as number));
      this.keySets[top] = set;
      this.forgetKeys(from);
    }
    if (set) return set.size === set.add(keyAt(this.bytes, start, end)).size;
    const length = end - start;
    for (let k = from; k < this.keyStarts.length; k++) {
      const other = this.keyStarts[k] as number;
      if ((this.keyEnds[k] as number) - other === length && sameBytes(this.bytes, start, other, length)) return true;
    }
    this.keyStarts.push(start);
    this.keyEnds.push(end);
    return false;
  }

  private forgetKeys(from: number): void {
    this.keyStarts.length = from;
    this.keyEnds.length = from;
  }

  /** The path of the key quoted from `start` to `end` in the innermost object. */
  private pathTo(start: number, end: number): JsonPath {
    const path: (string | number)[] = [];
    for (let d = 0; d < this.depth - 1; d++) {
      const at = this.at[d] as number;
      path.push(this.isObject[d] ? keyAt(this.bytes, at, stringEnd(this.bytes, at)) : at);
    }
    path.push(keyAt(this.bytes, start, end));
    return path;
  }
}
