import { DNS_TEXT_ALLOWED, dnsTextProblem } from "../../lib/features/edge/validate/dns-text";
import { type ConfigEdit, configErrorText } from "../helpers/example-config";

const F = "config/production.yaml";
const record = (content: string, extra: Record<string, unknown> = {}): ConfigEdit => [
  ["edge", "dns", 1],
  { name: "rtl.example.com", type: "TXT", content, ...extra },
];

describe("edge.dns content and comments hold visible text only", () => {
  test("fails on a TXT value with hidden characters, naming the field, the first one and what is allowed", () => {
    expect(configErrorText([record("abc\u200bdef\u00adghi\u2028x")]).split("\n")).toContain(
      `${F}: edge.dns[1].content: a TXT record's content holds U+200B (a Unicode format character) at character 4; allowed: ${DNS_TEXT_ALLOWED}`,
    );
  });

  test("the auditor's value (a bidi override first) is refused by the input guard, which refuses bidi controls in every string", () => {
    expect(configErrorText([record("abc\u202edef\u200bghi\u2028x")]).split("\n")).toContain(
      `${F}: edge.dns[1].content: this value contains the bidi control character U+202E, which reorders what a reviewer reads; allowed: printable text (tabs and line breaks only)`,
    );
  });

  test("fails on a comment with a zero-width space, naming the comment; visible non-ASCII text passes in both", () => {
    expect(configErrorText([record("v=verify", { comment: "owner\u200bteam" })]).split("\n")).toContain(
      `${F}: edge.dns[1].comment: the comment holds U+200B (a Unicode format character) at character 6; allowed: ${DNS_TEXT_ALLOWED}`,
    );
    expect(configErrorText([record("verification=café-😀", { comment: "für das Team ✓" })])).toBe("");
  });

  test("fails on a line break and a paragraph separator, each in its own words", () => {
    expect(dnsTextProblem("a\n$INCLUDE /etc/passwd")).toMatch(/^holds U\+000A \(a control character\) at character 2; /);
    expect(dnsTextProblem("a\u2029b")).toMatch(/^holds U\+2029 \(a line or paragraph separator\) at character 2; /);
    // Counted in characters, not UTF-16 units: the emoji is one.
    expect(dnsTextProblem("😀\u{e0041}")).toMatch(/^holds U\+E0041 \(a Unicode format character\) at character 2; /);
    expect(dnsTextProblem("v=spf1 -all")).toBeUndefined();
  });
});
