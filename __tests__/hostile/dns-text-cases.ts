import { codePointName } from "../../lib/core/code-point";
import type { ConfigEdit } from "../helpers/example-config";
import { acceptedEdit, type HostileCase, refusedEdit, saying } from "./config-cases";

/**
 * Characters that show nothing in an `edge.dns` record's content or comment: refused naming the field
 * and the character. A TXT value holding U+202E was accepted and exported to the zone file as the text
 * `\u202e`, which a master file reads as `u202e`. Visible non-ASCII text stays allowed. (C1 controls
 * such as U+0085 are refused earlier, for every string of the config, by the input guard.)
 */
const HIDDEN: readonly (readonly [string, string])[] = [
  ["\u200b", "a Unicode format character"],
  ["\u200d", "a Unicode format character"],
  ["\u2060", "a Unicode format character"],
  ["\ufeff", "a Unicode format character"],
  ["\u00ad", "a Unicode format character"],
  ["\u202e", "a Unicode format character"],
  ["\u2066", "a Unicode format character"],
  ["\u200e", "a Unicode format character"],
  ["\u061c", "a Unicode format character"],
  ["\u{e0041}", "a Unicode format character"],
  ["\u2028", "a line or paragraph separator"],
  ["\u2029", "a line or paragraph separator"],
  ["\t", "a control character"],
];

const dns = (type: string, content: string, extra: Record<string, unknown> = {}): ConfigEdit => [
  ["edge", "dns", 1],
  { name: "v.example.com", type, content, ...extra },
];

/** codePointName in a pattern. */
const codeRe = (ch: string) => codePointName(ch).replace("+", "\\+");

/** Bidi embedding, override and isolate controls: refused in every config string by the input guard, in its words. */
const GUARDED = /[\u202a-\u202e\u2066-\u2069]/;
const guardSays = (ch: string) =>
  new RegExp(`: this value contains the bidi control character ${codeRe(ch)}, which reorders what a reviewer reads`);

export function dnsTextCases(): HostileCase[] {
  return [
    ...HIDDEN.map(([ch, kind]) =>
      saying(
        refusedEdit("encodings", `TXT content with ${codePointName(ch)}`, [dns("TXT", `abc${ch}def`)], ["edge", "dns", 1, "content"]),
        GUARDED.test(ch)
          ? guardSays(ch)
          : new RegExp(`: a TXT record's content holds ${codeRe(ch)} \\(${kind}\\) at character 4; allowed: one line of visible text`),
      ),
    ),
    ...HIDDEN.map(([ch, kind]) =>
      saying(
        refusedEdit(
          "encodings",
          `DNS comment with ${codePointName(ch)}`,
          [dns("TXT", "x", { comment: `${ch}note` })],
          ["edge", "dns", 1, "comment"],
        ),
        GUARDED.test(ch)
          ? guardSays(ch)
          : new RegExp(`: the comment holds ${codeRe(ch)} \\(${kind}\\) at character 1; allowed: one line of visible text`),
      ),
    ),
    // In any other string too (a DKIM key's note here): the guard refuses them before a field's own rule.
    ...["\u202e", "\u2067"].map((ch) =>
      saying(
        refusedEdit(
          "encodings",
          `email.extraDkim value with ${codePointName(ch)}`,
          [[["email", "extraDkim"], [{ selector: "old", value: `v=DKIM1; n=a${ch}b; p=x` }]]],
          ["email", "extraDkim", 0, "value"],
        ),
        guardSays(ch),
      ),
    ),
    saying(
      refusedEdit("encodings", "CNAME content with U+200B", [dns("CNAME", "x\u200b.example.net")], ["edge", "dns", 1, "content"]),
      /: a CNAME record's content holds U\+200B/,
    ),
    acceptedEdit("TXT content with visible non-ASCII text", [dns("TXT", "verification=café-ünïcode-😀")]),
    acceptedEdit("DNS comment with visible non-ASCII text", [dns("TXT", "x", { comment: "für das Team ✓" })]),
  ];
}
