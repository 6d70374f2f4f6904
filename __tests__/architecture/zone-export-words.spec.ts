import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderZone } from "../../lib/engines/zone/render";
import { FEATURES } from "../../lib/features";
import { REPO_ROOT } from "../helpers/example-config";

const email = FEATURES.find((f) => f.name === "email");
const dkimToken = (i: number) => `\${element(aws_sesv2_email_identity.Identity.dkim_signing_attributes[0].tokens, ${i})}`;

describe("golive zone's words about a concern's records come from the concern's zoneExport", () => {
  test("the zone renderer names no concern, stack kind or output of its own", () => {
    const code = readFileSync(join(REPO_ROOT, "lib/engines/zone/render.ts"), "utf8").replace(/^\s*(\/\/|\*|\/\*).*$/gm, "");
    expect(code.match(/email|dkim|dmarc/gi) ?? []).toEqual([]);
  });

  test("the after-apply hint and the foreign-record comment say what email declares", () => {
    const hints = email?.zoneExport;
    const afterApply = hints?.afterApply?.[0];
    if (!afterApply || !hints?.foreignRecordsAre) throw new Error("email declares its DKIM tokens and its foreign records");
    const zone = renderZone({
      zone: "example.com",
      records: [0, 1, 2].map((i) => ({
        stack: "email-production",
        address: `cloudflare_dns_record.Dkim${i}`,
        name: `${dkimToken(i)}._domainkey.example.com`,
        type: "CNAME",
        content: `${dkimToken(i)}.dkim.amazonses.com`,
        ttl: 300,
        proxied: false,
      })),
      values: new Map(),
      foreignRecords: ['example.com._report._dmarc.reports.example.org. TXT "v=DMARC1"'],
      stacks: ["email-production"],
    });
    const lines = zone.text.split("\n");
    expect(lines).toContain(
      `;   supply them: golive outputs ${email?.stack?.kind}-<env> | golive zone <env> --values -  or  --set ${afterApply.output}=a,b,c`,
    );
    expect(lines).toContain(
      `; ANOTHER ZONE MUST PUBLISH (${hints.foreignRecordsAre}): example.com._report._dmarc.reports.example.org. TXT "v=DMARC1"`,
    );
    // As the runbook and README quote them.
    expect(lines).toContain(";   supply them: golive outputs email-<env> | golive zone <env> --values -  or  --set dkim_tokens=a,b,c");
    expect(zone.unresolved).toEqual(["dkim_tokens[0]", "dkim_tokens[1]", "dkim_tokens[2]"]);
  });
});
