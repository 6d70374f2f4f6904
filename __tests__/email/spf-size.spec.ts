import { rmSync } from "node:fs";
import { join } from "node:path";
import { checkSpf, SPF_ADVISED_BYTES } from "../../lib/features/email/spf";
import { emailFindings } from "../../lib/features/email/validate";
import { golive, tempDir } from "../helpers/cli";
import { configErrorText, exampleConfig } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";

/** As many /24 networks as email.spf.networks admits (50). */
const FIFTY_NETWORKS = Array.from({ length: 50 }, (_, i) => `10.${i}.${i}.0/24`);
const sizeWarnings = (txt: string) => checkSpf(txt).filter((f) => f.code === "spf-size");

describe(`SPF records of ${SPF_ADVISED_BYTES} bytes or more (RFC 7208 3.4): a warning, never an error`, () => {
  test("warns from 450 bytes on, naming the size, the networks and email.spf.networks", () => {
    const padded = (bytes: number) => {
      const head = "v=spf1 ip4:192.0.2.0/24 exp=";
      return `${head}${"x".repeat(bytes - head.length - " -all".length)} -all`;
    };
    expect(padded(449).length).toBe(449);
    expect(sizeWarnings(padded(449))).toEqual([]);
    expect(sizeWarnings(padded(450))).toEqual([
      {
        severity: "warning",
        code: "spf-size",
        message:
          "the record is 450 bytes (1 ip4:/ip6: networks); RFC 7208 3.4 advises under 450, so that the DNS answer fits one UDP packet (verifiers may silently ignore a longer one): list fewer networks (the sending domain's: email.spf.networks), or move some into a record it includes",
      },
    ]);
  });

  test("the email section's record with 50 networks stays valid, its warning at email.spf", () => {
    const edits = [[["email", "spf", "networks"], FIFTY_NETWORKS] as const];
    expect(configErrorText(edits)).toBe("");
    const cfg = exampleConfig(edits);
    const sizes = (cfg.email ? emailFindings(cfg, cfg.email) : []).filter((f) => f.finding.code === "spf-size");
    expect(sizes.map((f) => [f.path, f.finding.message.split(";")[0]])).toEqual([
      [["email", "spf"], "the record is 913 bytes (50 ip4:/ip6: networks)"],
    ]);
  });

  test("golive zone prints the warning on stderr and exits 0", async () => {
    const workDir = tempDir("golive-spf-size-");
    try {
      const dir = join(workDir, "cdktf.out");
      const spf = `v=spf1 include:amazonses.com ${FIFTY_NETWORKS.map((n) => `ip4:${n}`).join(" ")} -all`;
      writeSynthOutput(dir, {
        "edge-longspf": {
          resource: {
            cloudflare_zone: { Z: { name: "example.com" } },
            cloudflare_dns_record: { spf: { name: "example.com", type: "TXT", content: `"${spf}"`, ttl: 300, zone_id: "x" } },
          },
        },
      });
      const run = await golive(["zone", "longspf", "--dir", dir], { cwd: workDir });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain("warning: example.com. the record is 913 bytes (50 ip4:/ip6: networks); RFC 7208 3.4 advises under 450");
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});
