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

const code = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
/** `code` in a pattern. */
const codeRe = (ch: string) => code(ch).replace("+", "\\+");

export function dnsTextCases(): HostileCase[] {
  return [
    ...HIDDEN.map(([ch, kind]) =>
      saying(
        refusedEdit("encodings", `TXT content with ${code(ch)}`, [dns("TXT", `abc${ch}def`)], ["edge", "dns", 1, "content"]),
        new RegExp(`: a TXT record's content holds ${codeRe(ch)} \\(${kind}\\) at character 4; allowed: one line of visible text`),
      ),
    ),
    ...HIDDEN.map(([ch, kind]) =>
      saying(
        refusedEdit(
          "encodings",
          `DNS comment with ${code(ch)}`,
          [dns("TXT", "x", { comment: `${ch}note` })],
          ["edge", "dns", 1, "comment"],
        ),
        new RegExp(`: the comment holds ${codeRe(ch)} \\(${kind}\\) at character 1; allowed: one line of visible text`),
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
