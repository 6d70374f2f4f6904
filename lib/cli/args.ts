import { X509Certificate } from "node:crypto";
import { BoundedReadError, readBoundedText } from "../core/bounded-read";
import { resolve } from "node:path";
import { overlongName } from "../core/path-safety";
import { characters, quotedStart, shownValue } from "../core/shown-value";
import { rootCertificates } from "node:tls";
import { UsageError } from "./types";

export interface FlagSpec {
  /** Flags that take a value: `--format json` or `--format=json`. */
  readonly values?: readonly string[];
  /** Flags that are on or off: `--json`. */
  readonly booleans?: readonly string[];
  /** Flags that take a value and may be given more than once: `--exclude a --exclude b`. */
  readonly repeatable?: readonly string[];
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly values: Map<string, string>;
  readonly booleans: Set<string>;
  readonly repeated: Map<string, string[]>;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export interface ParseOptions {
  /**
   * Whether a usage error may repeat what was given (`unknown option -x`). Off for a command where an
   * argument may be a secret pasted in the wrong place (`secrets put`): the error then names no text.
   * @default true
   */
  readonly echo?: boolean;
}

/**
 * The longest value any flag takes: twice PATH_MAX (Linux: 4096, no longer path opens), as long as the
 * longest URL common servers take (8 KB), and no name, number or date golive takes comes near it. A
 * longer one (a file pasted into a flag) is refused here, by length, before the flag's own check reads
 * it or repeats it whole. Not with `echo` off (secrets), whose own checks word what they may show.
 */
export const MAX_FLAG_VALUE_CHARS = 8192;

/** What an unknown option is called in an error that must not repeat it. */
const UNSHOWN_OPTION = "an unknown option (not shown: it may be a secret)";

/** Small strict flag parser: unknown flags are usage errors, never silently ignored. */
export function parseArgs(args: readonly string[], spec: FlagSpec, options: ParseOptions = {}): ParsedArgs {
  const echo = options.echo ?? true;
  const positionals: string[] = [];
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  const valueFlags = new Set(spec.values ?? []);
  const booleanFlags = new Set(spec.booleans ?? []);
  const repeatableFlags = new Set(spec.repeatable ?? []);
  const repeated = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith("--")) throw new UsageError(`${echo ? `unknown option ${arg}` : UNSHOWN_OPTION} (options are spelled --name)`);
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (booleanFlags.has(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value (give --${name} alone)`);
      booleans.add(name);
    } else if (valueFlags.has(name) || repeatableFlags.has(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      // `--output --json` is a missing value, not a folder named --json.
      if (value === undefined || value === "" || (eq === -1 && value.startsWith("--"))) throw new UsageError(`--${name} needs a value`);
      // Where values may not be repeated (echo off), the command's own checks say what may be shown.
      if (echo && value.length > MAX_FLAG_VALUE_CHARS)
        throw new UsageError(
          `--${name}: got ${quotedStart(value)}, a value of ${characters(value)}; allowed: at most ${MAX_FLAG_VALUE_CHARS.toLocaleString("en-US")} characters`,
        );
      // No flag takes a control character: in a path it would create a file no one can type, and an
      // escape sequence echoed back could retitle or clear the terminal.
      if (CONTROL.test(value)) throw new UsageError(`--${name}: ${echo ? `got ${shownValue(value)}, ` : ""}allowed: no control characters`);
      if (repeatableFlags.has(name)) repeated.set(name, [...(repeated.get(name) ?? []), value]);
      // Twice, one value would be dropped without a word (`synth --output a --output b` never makes a).
      else if (values.has(name)) throw new UsageError(`--${name} is given twice; it takes one value: give it once`);
      else values.set(name, value);
    } else {
      const known = [...valueFlags, ...repeatableFlags, ...booleanFlags].map((f) => `--${f}`).join(", ") || "none";
      throw new UsageError(`${echo ? `unknown option --${name}` : UNSHOWN_OPTION} (allowed: ${known})`);
    }
  }
  checkJsonAgreesWithFormat(values, booleans, echo);
  return { positionals, values, booleans, repeated };
}

/**
 * `--json` is shorthand for `--format json` wherever a command takes both: given with another format
 * (`--format sarif --json`, in either order) one of them would be dropped silently, so neither wins.
 */
function checkJsonAgreesWithFormat(values: ReadonlyMap<string, string>, booleans: ReadonlySet<string>, echo: boolean): void {
  const format = values.get("format");
  if (booleans.has("json") && format !== undefined && format !== "json")
    throw new UsageError(`--json and --format${echo ? ` ${shownValue(format)}` : ""} conflict (--json is --format json): give one of them`);
}

/** Reads a `--name` value restricted to a list, naming the allowed values on error. */
export function choice<T extends string>(parsed: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const value = parsed.values.get(name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name}: got ${shownValue(value)}, allowed: ${allowed.join(", ")}`);
  }
  return value as T;
}

/** A `--name N` whole number within [min, max], or `fallback` when the flag is absent. */
export function intFlag(
  parsed: ParsedArgs,
  name: string,
  range: { readonly min: number; readonly max: number; readonly fallback: number },
): number {
  const raw = parsed.values.get(name);
  if (raw === undefined) return range.fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < range.min || n > range.max) {
    throw new UsageError(`--${name}: got ${shownValue(raw)}, allowed: a whole number from ${range.min} to ${range.max}`);
  }
  return n;
}

/** A CA bundle is a few hundred KB at most (the Mozilla roots are ~220 KB). */
const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;

/** Each certificate block of a PEM text, from its BEGIN line to its END line (or, cut short, to the end). */
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?(?:-----END CERTIFICATE-----|$)/g;

function readsAsCertificate(block: string): boolean {
  try {
    return new X509Certificate(block).raw.length > 0;
  } catch {
    return false;
  }
}

/**
 * `--ca-file PATH`: the system roots plus the PEM certificates in the file (undefined when absent).
 * Every certificate of the file must be one node:crypto reads: one with garbage between its markers,
 * or cut short, was taken, trusted nothing, and every connection it was for then failed as untrusted
 * (verify's tls.chain, the release watch's origin probes). A usage error naming the flag and which
 * certificate, before anything is sent.
 */
export function caFlag(parsed: ParsedArgs, cwd: string): string[] | undefined {
  const file = parsed.values.get("ca-file");
  if (file === undefined) return undefined;
  const long = overlongName(resolve(cwd, file));
  if (long !== undefined) throw new UsageError(`--ca-file: ${long}`);
  let pem: string;
  try {
    // Bounded and regular files only: a FIFO here would hang the command.
    pem = readBoundedText(resolve(cwd, file), MAX_CA_FILE_BYTES);
  } catch (err) {
    const kind = err instanceof BoundedReadError && err.message.startsWith("is ") ? `: it ${err.message}` : " (does it exist?)";
    throw new UsageError(`--ca-file: cannot read ${file}${kind}`);
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new UsageError(`--ca-file: ${file} holds no PEM certificate`);
  const blocks = pem.match(CERTIFICATE_BLOCK) ?? [];
  const bad = blocks.findIndex((block) => !readsAsCertificate(block));
  if (bad !== -1)
    throw new UsageError(
      `--ca-file: ${file}: certificate ${bad + 1} of ${blocks.length} cannot be read (damaged base64, cut short or not X.509); allowed: PEM CA certificates, each -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----`,
    );
  return [...rootCertificates, pem];
}

/**
 * The one positional argument a command takes, or a usage error: `give exactly one <what>, such as:
 * <example>`. The example names a placeholder (`golive zone <env>`), never an environment or stack the
 * user may not have (`production`, `email-production`).
 */
export function onePositional(parsed: ParsedArgs, what: string, example: string): string {
  const [only, ...extra] = parsed.positionals;
  if (only === undefined || extra.length > 0) throw new UsageError(`give exactly one ${what}, such as: ${example}`);
  return only;
}
