import { fromTerraformLiteral, terraformLiteral } from "../../lib/core/terraform/literal";
import { fillExpressions } from "../../lib/engines/zone/after-apply";
import { synthesizedRecords } from "../../lib/engines/verify/synth-records";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

const HOSTILE = 'site-token ${file("/etc/passwd")} %{if true}x%{endif}';

describe("config text reaches Terraform as a literal", () => {
  test("a TXT record's ${...} and %{...} are escaped in the synthesized JSON, so Terraform evaluates nothing", () => {
    const cfg = exampleConfig([[["edge", "dns"], [{ name: "verify.example.com", type: "TXT", content: HOSTILE }]]]);
    const records = resourcesOf(synthKind(cfg, "edge"), "cloudflare_dns_record").map(([, r]) => r);
    const txt = records.find((r) => typeof r.content === "string" && r.content.includes("site-token"));
    expect(txt?.content).toContain('site-token $${file(\\"/etc/passwd\\")} %%{if true}x%%{endif}');
    expect(String(txt?.content)).not.toMatch(/(^|[^$])\$\{|(^|[^%])%\{/);
  });

  test("the zone export and verify read the escaped text back as written", () => {
    const escaped = terraformLiteral(HOSTILE);
    expect(fromTerraformLiteral(escaped)).toBe(HOSTILE);
    expect(fillExpressions(escaped, new Map())).toEqual({ text: HOSTILE, missing: [] });
    const stack = {
      resource: { cloudflare_dns_record: { a: { name: "example.com", type: "TXT", content: escaped, ttl: 300, zone_id: "z" } } },
    };
    expect(synthesizedRecords("edge-production", stack, "example.com")[0]).toMatchObject({
      value: HOSTILE,
    });
  });
});
