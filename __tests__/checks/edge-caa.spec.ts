import type { StackInput } from "../../lib/core/readiness/model";
import { blocksOf, check, clone, envConfig, exampleEnv, messages, ruleById } from "./support";

/**
 * GL-EDGE-005 on the synthesized example with its CAA records renamed: a CA looks up CAA at the name it
 * issues for and then its parents (RFC 8659 §3), so only records at the zone apex restrict issuance.
 */
const example = exampleEnv();
const config = envConfig(example.cfg);
const rule = ruleById("GL-EDGE-005");

function findings(name: string, withConfig = true): string[] {
  const stacks: StackInput[] = clone(example.stacks);
  for (const b of blocksOf(stacks, "cloudflare_dns_record")) if (b.attrs.type === "CAA") b.attrs.name = name;
  return messages(check(rule, stacks, withConfig ? { config } : {}));
}

describe("GL-EDGE-005 counts only CAA records at the zone apex", () => {
  test("fails when every CAA record sits at a name no app hostname is under", () => {
    const missing = (where: string) => [
      `no CAA record with tag "issue" is declared ${where}`,
      `no CAA record with tag "iodef" is declared ${where}`,
    ];
    expect(findings("unused.example.com")).toEqual(missing("at the zone apex example.com"));
    expect(findings("unused")).toEqual(missing("at the zone apex example.com"));
    expect(findings("unused.example.com", false)).toEqual(missing("at the zone apex example.com"));
  });

  test.each(["example.com", "@", "EXAMPLE.COM.", "Example.com"])("a CAA record named %s is at the apex", (name) => {
    expect(findings(name)).toEqual([]);
  });
});
