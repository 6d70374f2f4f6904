import { check, messages, ruleById } from "./support";

// golive writes a TXT value over 255 bytes as quoted character-strings (lib/core/txt.ts), which DNS
// reads joined (RFC 1035 3.3.14): a token in it may be cut in two, each half too short for its shape.
// Assembled at run time: the repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const rule = ruleById("GL-SEC-004");

function txtStack(content: string) {
  const json = { resource: { cloudflare_dns_record: { Spf: { zone_id: "z", name: "example.com", type: "TXT", content, ttl: 1 } } } };
  return [{ name: "edge-production", file: "cdktf.out/stacks/edge-production/cdk.tf.json", json }];
}

describe("GL-SEC-004 reads a TXT value's character-strings joined", () => {
  test.each([
    ["between two strings", j('"v=spf1 include:x gh', 'p_I8cOwOYEayMU6yqI" "QgaQqs6k2KyGAI4aQqMu -all"')],
    ["inside its prefix", j('"v=spf1 include:x g', '" "hp_I8cOwOYEayMU6yqIQgaQqs6k2KyGAI4aQqMu -all"')],
  ])("fails on a GitHub token split %s", (_, content) => {
    expect(messages(check(rule, txtStack(content)))).toEqual(["content holds a GitHub token (value not shown)"]);
  });

  test("passes a split TXT value without a credential", () => {
    expect(check(rule, txtStack('"v=spf1 include:_spf.example.net" " ~all"')).kind).toBe("compliant");
  });
});
