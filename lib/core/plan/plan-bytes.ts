import { CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE, skipSpace, stringEnd } from "../json-bytes";
import { parseJson } from "./exact-numbers";
import { repeatedKeyProblem } from "./misread-keys";
import { PlanInputError } from "./schema";

/**
 * Plan JSON from the bytes of `terraform show -json <planfile>`, numbers as Terraform wrote them
 * (exact-numbers.ts). Up to WHOLE_DOCUMENT_BYTES it is one parse. Above, one string of the whole
 * document would cost its size again (and V8 refuses strings past ~512 MB), and most of a big plan is
 * what the report never reads (planned_values, prior_state, resource_drift repeat every resource): the
 * top-level members are found by scanning the bytes, members of at most MEMBER_BYTES are parsed whole,
 * bigger ones the review reads are parsed one element or member at a time (`resource_changes` change by
 * change, `output_changes` output by output), and only the bigger ones in UNREAD_MEMBERS are kept as an
 * empty stand-in of their kind, checked for balanced brackets and strings only. Of a big `configuration`
 * only what the review reads is taken: `root_module.variables` (which variables are sensitive),
 * `root_module.resources` (who uses a policy document, reads.ts; provisioners, provisioners.ts) and
 * `root_module.module_calls` (the provisioners of modules' resources).
 */
export const WHOLE_DOCUMENT_BYTES = 32 * 1024 * 1024;
const MEMBER_BYTES = 1024 * 1024;

/**
 * The top-level members no part of the review or digest reads (schema.ts declares none of them). Any
 * other member is read in full: one dropped silently would be a review, and a digest, of less than the
 * plan (output changes once were).
 */
export const UNREAD_MEMBERS: ReadonlySet<string> = new Set([
  "planned_values",
  "prior_state",
  "resource_drift",
  "relevant_attributes",
  "checks",
]);

class Malformed extends Error {}

/** A member that could not be read (V8's string limit: one value of hundreds of megabytes). */
class TooLarge extends Error {
  constructor(readonly member: string) {
    super(member);
  }
}

export function parsePlanBytes(file: string, bytes: Buffer, wholeBelow = WHOLE_DOCUMENT_BYTES): unknown {
  // Both readers keep the last of a repeated key, as JSON.parse does: refused instead (misread-keys.ts),
  // once the text is known to be JSON. Looked for first: the scan allocates nothing, the parse a lot.
  const repeated = repeatedKeyProblem(bytes);
  let data: unknown;
  try {
    data = bytes.length <= wholeBelow ? parseJson(decode(bytes, 0, bytes.length)) : new Scanner(bytes).document();
  } catch (err) {
    if (err instanceof Malformed || err instanceof SyntaxError)
      throw new PlanInputError(file, ["(root): not valid JSON; expected the output of `terraform show -json <planfile>`"]);
    // V8's string limit: one change or member of hundreds of megabytes. Never a silent stand-in.
    const where = err instanceof TooLarge ? err.member : "(root)";
    throw new PlanInputError(file, [
      `${where}: a single value of the plan is too large to read (V8's string limit); plan the stack in parts`,
    ]);
  }
  if (repeated) throw new PlanInputError(file, [repeated]);
  return data;
}

const UTF8 = new TextDecoder("utf-8");

/** Invalid UTF-8 becomes U+FFFD, as the whole-text reader does. */
function decode(bytes: Buffer, start: number, end: number): string {
  return UTF8.decode(bytes.subarray(start, end));
}

class Scanner {
  constructor(private readonly b: Buffer) {}

  document(): unknown {
    const start = this.ws(0);
    if (this.b[start] !== OPEN_OBJECT) return parseJson(decode(this.b, 0, this.b.length));
    const entries: [string, unknown][] = [];
    const end = this.members(start, (key, from, to) => entries.push([key, this.topLevel(key, from, to)]));
    if (this.ws(end) !== this.b.length) throw new Malformed();
    // fromEntries defines own properties, as JSON.parse does (a `__proto__` key stays a plain key).
    return Object.fromEntries(entries);
  }

  private topLevel(key: string, from: number, to: number): unknown {
    try {
      if (to - from <= MEMBER_BYTES) return this.parse(from, to);
      if (UNREAD_MEMBERS.has(key)) return this.standIn(from, to);
      if (key === "configuration" && this.b[from] === OPEN_OBJECT) return this.readConfiguration(from);
      return this.inFull(from, to);
    } catch (err) {
      if (err instanceof Malformed || err instanceof SyntaxError) throw err;
      throw new TooLarge(key);
    }
  }

  /** An empty value of the member's kind: the member was checked for balanced brackets only. */
  private standIn(from: number, to: number): unknown {
    if (this.b[from] === OPEN_OBJECT) return {};
    if (this.b[from] === OPEN_ARRAY) return [];
    return this.parse(from, to);
  }

  /** The value at `from`, an array element by element and an object member by member. */
  private inFull(from: number, to: number): unknown {
    if (this.b[from] === OPEN_ARRAY) return this.elements(from);
    if (this.b[from] !== OPEN_OBJECT) return this.parse(from, to);
    const entries: [string, unknown][] = [];
    this.members(from, (key, start, end) => entries.push([key, this.parse(start, end)]));
    return Object.fromEntries(entries);
  }

  private parse(from: number, to: number): unknown {
    return parseJson(decode(this.b, from, to));
  }

  /** `{ root_module: { variables, resources, module_calls } }` of a configuration, what the review reads of it. */
  private readConfiguration(from: number): unknown {
    const module = this.member(from, "root_module");
    if (!module || this.b[module[0]] !== OPEN_OBJECT) return {};
    const root: Record<string, unknown> = {};
    for (const key of ["variables", "resources", "module_calls"]) {
      const at = this.member(module[0], key);
      if (at) root[key] = this.inFull(at[0], at[1]);
    }
    return { root_module: root };
  }

  /** The last member named `key` of the object at `from` (JSON.parse keeps the last of duplicates). */
  private member(from: number, key: string): [number, number] | undefined {
    let found: [number, number] | undefined;
    this.members(from, (k, s, e) => {
      if (k === key) found = [s, e];
    });
    return found;
  }

  /** Calls `each` with every member of the object at `from`; returns the index after its `}`. */
  private members(from: number, each: (key: string, start: number, end: number) => void): number {
    let i = this.ws(from + 1);
    if (this.b[i] === CLOSE_OBJECT) return i + 1;
    for (;;) {
      if (this.b[i] !== QUOTE) throw new Malformed();
      const keyEnd = this.string(i);
      const key = this.parse(i, keyEnd) as string;
      i = this.ws(keyEnd);
      if (this.b[i] !== COLON) throw new Malformed();
      const start = this.ws(i + 1);
      const end = this.value(start);
      each(key, start, end);
      i = this.ws(end);
      if (this.b[i] === CLOSE_OBJECT) return i + 1;
      if (this.b[i] !== COMMA) throw new Malformed();
      i = this.ws(i + 1);
    }
  }

  /** Every element of the array at `from`, each parsed on its own. */
  private elements(from: number): unknown[] {
    const out: unknown[] = [];
    let i = this.ws(from + 1);
    if (this.b[i] === CLOSE_ARRAY) return out;
    for (;;) {
      const end = this.value(i);
      out.push(this.parse(i, end));
      i = this.ws(end);
      if (this.b[i] === CLOSE_ARRAY) return out;
      if (this.b[i] !== COMMA) throw new Malformed();
      i = this.ws(i + 1);
    }
  }

  private ws(from: number): number {
    return skipSpace(this.b, from);
  }

  /** The index after the string that starts at `from` (a quote). */
  private string(from: number): number {
    const end = stringEnd(this.b, from);
    if (end < 0) throw new Malformed();
    return end;
  }

  /** The index after the value that starts at `from`; containers must close with their own bracket. */
  private value(from: number): number {
    const first = this.b[from];
    if (first === QUOTE) return this.string(from);
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) return this.scalar(from);
    const closers: number[] = [];
    let i = from;
    while (i < this.b.length) {
      const c = this.b[i];
      if (c === QUOTE) {
        i = this.string(i);
        continue;
      }
      if (c === OPEN_OBJECT) closers.push(CLOSE_OBJECT);
      else if (c === OPEN_ARRAY) closers.push(CLOSE_ARRAY);
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (closers.pop() !== c) throw new Malformed();
        if (closers.length === 0) return i + 1;
      }
      i++;
    }
    throw new Malformed();
  }

  private scalar(from: number): number {
    let i = from;
    for (let c = this.b[i]; c !== undefined && c !== COMMA && c !== CLOSE_OBJECT && c !== CLOSE_ARRAY && c > 0x20; c = this.b[++i]);
    if (i === from) throw new Malformed();
    return i;
  }
}
