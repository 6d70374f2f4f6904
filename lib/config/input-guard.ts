import { codePointName } from "../core/code-point";
import type { ConfigIssue } from "../core/issues";
import { CONFIG_LIMITS } from "./limits";

/**
 * A code unit no config text may hold: C0 and C1 control characters other than tab, line feed and
 * carriage return (invisible, never meant, and in a header, a zone file or a log they change what the
 * next reader sees); the bidi embedding, override and isolate controls U+202A-202E and U+2066-2069,
 * which reorder the text around them in an editor, a diff or a plan review, so that what a reviewer
 * reads is not what golive deploys (CVE-2021-42574, "Trojan Source"; right-to-left text needs none of
 * them); lone surrogates (not Unicode at all). A U+FFFD is a character like any other: bytes
 * that are not UTF-8 are refused as such when the file is read (readConfigText). No `u` flag: the pattern
 * reads UTF-16 code units, so a lone surrogate is one. One regular expression rather than a loop over
 * characters: every string of every config passes through it, and the engine's matcher is several times
 * faster than a loop that is not optimized yet.
 */
const BAD_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are refused.
  /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BAD_CHARACTERS = new RegExp(BAD_CHARACTER.source, "g");

/** What is wrong with one character BAD_CHARACTER found, for messages. */
function describeBadCharacter(ch: string): string {
  if (/[\ud800-\udfff]/.test(ch)) return `a lone UTF-16 surrogate (${codePointName(ch)}), which is not valid Unicode`;
  if (/[\u202a-\u202e\u2066-\u2069]/.test(ch))
    return `the bidi control character ${codePointName(ch)}, which reorders what a reviewer reads`;
  return `the control character ${codePointName(ch)}`;
}

/** The first character no config text may hold, with its index; undefined when the text is clean. */
export function findBadCharacter(text: string): { readonly index: number; readonly description: string } | undefined {
  const found = BAD_CHARACTER.exec(text);
  return found ? { index: found.index, description: describeBadCharacter(found[0]) } : undefined;
}

/**
 * U+FDD0, a noncharacter ("reserved for internal use", Unicode 15 section 23.7): marks where a bad
 * character sits in a copy of the text that then parses, so the field holding it can be named.
 */
export const BAD_CHARACTER_MARK = "\ufdd0";

/** `text` with the character at `index` replaced by BAD_CHARACTER_MARK and every other bad one (BAD_CHARACTER) by a space. */
export function markBadCharacter(text: string, index: number): string {
  const marked = `${text.slice(0, index)}${BAD_CHARACTER_MARK}${text.slice(index + 1)}`;
  return marked.replace(BAD_CHARACTERS, " ");
}

function stringProblem(value: string, what: "value" | "key"): string | undefined {
  const max = what === "key" ? CONFIG_LIMITS.keyLength : CONFIG_LIMITS.stringLength;
  // Checked before anything reads the characters: a 50 MB value is refused without being scanned.
  if (value.length > max) return `this ${what} is ${value.length} characters long; allowed: at most ${max}`;
  const bad = findBadCharacter(value);
  return bad ? `this ${what} contains ${bad.description}; allowed: printable text (tabs and line breaks only)` : undefined;
}

/**
 * Config fields a concern escapes on the way into Terraform JSON (terraformLiteral: a TXT value may need
 * `${`), so they may hold `${` and `%{`. Each concern declares its own (Feature.templateSafe) and the
 * config engine hands them in: this guard knows no field.
 */
export interface TemplateSafeFields {
  /** Paths from the config root; "*" stands for any list index (`[section, list, "*", field]`). */
  readonly paths: readonly (readonly string[])[];
  /** What they are, a plural noun phrase, for the message that refuses the sequence anywhere else. */
  readonly says: string;
}

/**
 * Config strings are written into Terraform JSON, where `${...}` and `%{...}` are templates Terraform
 * evaluates (`${file("~/.aws/credentials")}`, a reference to another resource's secret). Only the fields
 * a concern escapes (TemplateSafeFields) may hold them; anywhere else such a sequence is refused rather
 * than evaluated.
 */
const TEMPLATE_SEQUENCE = /[$%]\{/;
function matches(pattern: readonly string[], path: readonly (string | number)[]): boolean {
  return pattern.length === path.length && pattern.every((p, i) => (p === "*" ? typeof path[i] === "number" : p === path[i]));
}
function templateProblem(value: string, path: readonly (string | number)[], safe: readonly TemplateSafeFields[]): string | undefined {
  const found = TEMPLATE_SEQUENCE.exec(value)?.[0];
  if (found === undefined || safe.some((s) => s.paths.some((p) => matches(p, path)))) return undefined;
  const escaped = safe.length > 0 ? `only ${safe.map((s) => s.says).join("; ")} are escaped and may hold them` : "no field may hold them";
  return `holds "${found}", which Terraform would evaluate as a template (interpolation or directive); allowed: text without "\${" or "%{" (${escaped})`;
}

/** A plain object of any realm (a vm context, structuredClone's): its prototype is a root prototype or null. */
function isPlainMapping(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Problems with the parsed input as a whole, before the schema sees it: sizes (string length, list
 * length, keys per mapping, nesting, total values), characters (BAD_CHARACTER: control, bidi control,
 * lone surrogate), `__proto__` keys, and template sequences outside `templateSafe`. Linear in the input
 * and bounded by the limits, so hostile input is refused fast.
 */
export function inputIssues(data: unknown, templateSafe: readonly TemplateSafeFields[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const stack: { value: unknown; path: readonly (string | number)[] }[] = [{ value: data, path: [] }];
  let values = 0;
  while (stack.length > 0 && issues.length < CONFIG_LIMITS.issues) {
    const { value, path } = stack.pop() as { value: unknown; path: readonly (string | number)[] };
    if (++values > CONFIG_LIMITS.values) {
      issues.push({ path: [], message: `holds more than ${CONFIG_LIMITS.values} values; allowed: at most ${CONFIG_LIMITS.values}` });
      break;
    }
    if (typeof value === "string") {
      const problem = stringProblem(value, "value") ?? templateProblem(value, path, templateSafe);
      if (problem) issues.push({ path, message: problem });
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= CONFIG_LIMITS.depth) {
      issues.push({ path, message: `is nested ${path.length} levels deep; allowed: at most ${CONFIG_LIMITS.depth}` });
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > CONFIG_LIMITS.listItems) {
        issues.push({ path, message: `has ${value.length} items; allowed: at most ${CONFIG_LIMITS.listItems} in any list` });
        continue;
      }
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    if (!isPlainMapping(value)) continue;
    const keys = Object.keys(value);
    if (keys.length > CONFIG_LIMITS.mappingKeys) {
      issues.push({ path, message: `has ${keys.length} keys; allowed: at most ${CONFIG_LIMITS.mappingKeys} in any mapping` });
      continue;
    }
    const children: { value: unknown; path: readonly (string | number)[] }[] = [];
    for (const key of keys) {
      const problem = key === "__proto__" ? '"__proto__" cannot be a key (it names the prototype of an object)' : stringProblem(key, "key");
      if (problem) issues.push({ path: [...path, key], message: problem });
      else children.push({ value: value[key], path: [...path, key] });
    }
    // Last pushed is walked first: reversed, so issues come in document order, as the schema's do.
    stack.push(...children.reverse());
  }
  return issues;
}
