import { resolve } from "node:path";
import { BoundedReadError, readBoundedText } from "../../core/bounded-read";
import { formatPath } from "../../core/issues";
import { firstDuplicateKey } from "../../core/json-duplicate-key";
import { prototypeKeyProblem } from "../../core/plan/misread-keys";
import { MAX_SHOWN_CHARS, shownValue } from "../../core/shown-value";
import { AFTER_APPLY_COUNTS, AFTER_APPLY_OUTPUTS, valueFromAssignment, valuesFromJson } from "./after-apply";

/**
 * Values known only after apply, as `--values FILE|-` (`terraform output -json`) and `--set NAME=V,...`
 * give them to `golive zone` and `golive verify`.
 */

/** Bad `--values` / `--set` input: one line naming the flag, what was given and what is allowed. */
export class AfterApplyValuesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AfterApplyValuesError";
  }
}

/** `terraform output -json` of the email stack is a few KB. */
export const MAX_VALUES_BYTES = 1024 * 1024;
/**
 * Supplied values go into DNS names (`<token>._domainkey.<domain>` and the CNAME target
 * `<token>.dkim.amazonses.com`, a host name): one label each, as RFC 1123 2.1 allows a host name's
 * label: letters, digits and hyphens, neither first nor last, at most 63 characters (RFC 1035 2.3.4).
 */
const VALUE_RE = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** A label's most characters: a longer one is said with its length (a cut one, past MAX_SHOWN_CHARS, always is). */
const MAX_LABEL = 63;
const ALLOWED_LABEL = "a DNS label of 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen";
const ALLOWED_FILE = "allowed: the output of terraform output -json";

/** The text of `--values FILE`, bounded (a FIFO or device is refused, not read). */
export function readValuesFile(file: string, cwd: string): string {
  try {
    return readBoundedText(resolve(cwd, file), MAX_VALUES_BYTES);
  } catch (err) {
    if (!(err instanceof BoundedReadError)) throw err;
    throw new AfterApplyValuesError(`--values: cannot read JSON from ${file} (${err.message}); ${ALLOWED_FILE}`);
  }
}

/** The text of `--values -`: all of standard input, at most MAX_VALUES_BYTES; a terminal is refused (it would wait). */
export async function readValuesStdin(stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean }): Promise<string> {
  if (stdin.isTTY)
    throw new AfterApplyValuesError(`--values: - reads standard input, which is a terminal; pipe the JSON in (${ALLOWED_FILE})`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > MAX_VALUES_BYTES)
      throw new AfterApplyValuesError(`--values: standard input is larger than ${MAX_VALUES_BYTES} bytes; ${ALLOWED_FILE}`);
    chunks.push(b);
  }
  // Decoded as a file is (readBoundedText): a leading byte order mark, which PowerShell pipes, is dropped.
  return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
}

export interface AfterApplyInput {
  /** `--values`: where the text came from (a path, or "-") and the text. */
  readonly values?: { readonly source: string; readonly text: string };
  /** `--set NAME=V,...`: one list, which wins over the same name in the file. */
  readonly assignment?: string;
}

/** The after-apply values of `input`, each checked (count, DNS label); errors name the flag that gave the value. */
export function afterApplyValues(input: AfterApplyInput): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const flagOf = new Map<string, string>();
  if (input.values !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(input.values.text);
    } catch {
      throw new AfterApplyValuesError(`--values: cannot read JSON from ${input.values.source} (not JSON); ${ALLOWED_FILE}`);
    }
    // JSON.parse keeps the last of a repeated key, and a "__proto__" key is dropped by the copy: either
    // would fill the zone or the checks with values other than those the file shows.
    const repeated = firstDuplicateKey(input.values.text);
    if (repeated !== undefined)
      throw new AfterApplyValuesError(
        `--values: ${input.values.source}: ${formatPath(repeated)}: duplicate key; JSON keeps only the last one; ${ALLOWED_FILE}`,
      );
    const proto = prototypeKeyProblem(json);
    if (proto !== undefined) throw new AfterApplyValuesError(`--values: ${input.values.source}: ${proto}; ${ALLOWED_FILE}`);
    try {
      for (const [k, v] of valuesFromJson(json)) {
        values.set(k, v);
        flagOf.set(k, "--values");
      }
    } catch (err) {
      throw new AfterApplyValuesError(`--values: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (input.assignment !== undefined) {
    const parsed = valueFromAssignment(input.assignment);
    if (!parsed)
      throw new AfterApplyValuesError(
        `--set: got ${shownValue(input.assignment)}; allowed: name=value[,value...] such as dkim_tokens=a,b,c`,
      );
    if (!AFTER_APPLY_OUTPUTS.includes(parsed[0]))
      throw new AfterApplyValuesError(`--set: unknown value ${shownValue(parsed[0])}; allowed: ${AFTER_APPLY_OUTPUTS.join(", ")}`);
    values.set(parsed[0], parsed[1]);
    flagOf.set(parsed[0], "--set");
  }
  for (const [k, list] of values) {
    const flag = flagOf.get(k) ?? "--values";
    const count = AFTER_APPLY_COUNTS.get(k);
    if (count !== undefined && list.length !== count)
      throw new AfterApplyValuesError(`${flag}: value of ${k}: got ${list.length} values; allowed: exactly ${count}`);
    const bad = list.find((v) => !VALUE_RE.test(v));
    if (bad !== undefined)
      throw new AfterApplyValuesError(
        `${flag}: value of ${k}: got ${shownValue(bad)}${bad.length > MAX_LABEL && bad.length <= MAX_SHOWN_CHARS ? ` (${bad.length} characters)` : ""}; allowed: ${ALLOWED_LABEL}`,
      );
    const twice = repeated(list);
    if (twice !== undefined)
      throw new AfterApplyValuesError(`${flag}: value of ${k}: got ${twice}; allowed: distinct values, each naming a record of its own`);
  }
  return values;
}

/** The first value given twice, as a message words it: DNS names ignore case, so `a` and `A` are one. */
function repeated(list: readonly string[]): string | undefined {
  const seen = new Map<string, string>();
  for (const value of list) {
    const first = seen.get(value.toLowerCase());
    if (first !== undefined)
      return first === value
        ? `${shownValue(value)} twice`
        : `${shownValue(first)} and ${shownValue(value)}, one DNS name (DNS ignores case)`;
    seen.set(value.toLowerCase(), value);
  }
  return undefined;
}
