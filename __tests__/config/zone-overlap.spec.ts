import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { formatPath } from "../../lib/core/issues";
import { crossEnvironmentIssues, type LoadedEnvironment } from "../../lib/engines/config/cross-env";
import { validateConfigData } from "../../lib/engines/config/load";
import { zoneNames } from "../../lib/engines/config/zone-overlap";
import { FEATURES } from "../../lib/features";
import { golive, tempDir } from "../helpers/cli";
import { type ConfigEdit, REPO_ROOT, editedInput, exampleConfig, exampleText } from "../helpers/example-config";

const PROD = "config/production.yaml";
const STAGING = "config/staging.yaml";

/**
 * Staging's example input with its zone example.net moved below production's: staging.example.com, on
 * the Enterprise plan, as a subdomain zone must be (lib/features/edge/validate/zone-name.ts).
 */
function stagingBelowProductionInput(zone = "staging.example.com"): unknown {
  return parse(exampleText("staging").replaceAll("example.net", zone).replace("\n  plan: pro\n", "\n  plan: enterprise\n"));
}
const stagingBelowProduction = (zone?: string) => validateConfigData(STAGING, stagingBelowProductionInput(zone));

/** The cross-environment issues of `envs`, one line each as config errors print them. */
function lines(envs: readonly LoadedEnvironment[]): string[] {
  return crossEnvironmentIssues(envs).map((c) => `${c.file}: ${formatPath(c.issue.path)}: ${c.issue.message}`);
}

/**
 * Production's names in staging.example.com are two labels below example.com, which Universal SSL does
 * not cover: with the advanced certificate they pass production's own rules and reach the cross-environment ones.
 */
const ADVANCED: ConfigEdit = [["edge", "advancedCertificate"], true];

/** Production's example after `edits`, then staging on staging.example.com. */
function withStagingBelow(edits: readonly ConfigEdit[] = []): string[] {
  return lines([
    { file: PROD, cfg: exampleConfig([ADVANCED, ...edits]) },
    { file: STAGING, cfg: stagingBelowProduction() },
  ]);
}

const HOSTNAME_IN_STAGING: ConfigEdit = [["edge", "hostnames", 3], { name: "chat.staging.example.com", origin: "192.0.2.99" }];

const NESTED =
  /^config\/staging\.yaml: cloudflare\.zone\.name: "staging\.example\.com" is inside config\/production\.yaml's zone example\.com \(cloudflare\.zone\.name\); a zone inside another needs Cloudflare's Subdomain Support entitlement and NS records delegating it in the parent zone, which the edge stacks do not declare; allowed: a registrable domain of its own for each environment/;

describe("zones and names two environments may not share", () => {
  test("fails when staging's zone is inside production's, naming both files and fields and why", () => {
    expect(withStagingBelow()).toEqual([expect.stringMatching(NESTED)]);
  });

  test("fails when the later environment's zone holds the earlier one's (the other way round)", () => {
    expect(
      lines([
        { file: STAGING, cfg: stagingBelowProduction() },
        { file: PROD, cfg: exampleConfig() },
      ]),
    ).toEqual([
      expect.stringMatching(
        /^config\/production\.yaml: cloudflare\.zone\.name: "example\.com" has config\/staging\.yaml's zone staging\.example\.com inside it \(cloudflare\.zone\.name\); a zone inside another needs Cloudflare's Subdomain Support entitlement/,
      ),
    ]);
  });

  test("zones that only end in the same letters are not nested", () => {
    expect(
      lines([
        { file: PROD, cfg: exampleConfig() },
        { file: STAGING, cfg: stagingBelowProduction("myexample.com") },
      ]),
    ).toEqual([]);
  });

  test("fails when both environments declare a hostname, on the one declaring it in the other's zone, naming both fields", () => {
    expect(withStagingBelow([HOSTNAME_IN_STAGING])).toEqual([
      expect.stringMatching(NESTED),
      `${PROD}: edge.hostnames[3].name: "chat.staging.example.com" is also ${STAGING}'s edge.hostnames[1].name, in its zone staging.example.com: both environments would declare it (here as a DNS record and an Access application, in example.com), and only staging.example.com answers for it; allowed: the name in one environment only, in its own zone`,
    ]);
  });

  test.each<[string, ConfigEdit[], string, RegExp]>([
    [
      "a DNS record",
      [[["edge", "dns", 0, "name"], "verify.staging.example.com"]],
      "edge.dns[0].name",
      /"verify\.staging\.example\.com" is in config\/staging\.yaml's zone staging\.example\.com \(cloudflare\.zone\.name\), which answers for every name below it once delegated \(RFC 1034 4\.2\.1\), so a DNS record declared here would never be reached; allowed: names of example\.com outside staging\.example\.com$/,
    ],
    [
      "a redirect source both declare",
      [[["edge", "redirects", 0, "from"], "old.staging.example.com"]],
      "edge.redirects[0].from",
      /"old\.staging\.example\.com" is also config\/staging\.yaml's edge\.redirects\[0\]\.from, in its zone staging\.example\.com: both environments would declare it \(here as a redirect rule and its DNS record/,
    ],
    [
      "the load-balanced hostname (an Access destination)",
      [[["release", "hostname"], "app.staging.example.com"]],
      "release.hostname",
      /"app\.staging\.example\.com" is also config\/staging\.yaml's release\.hostname, .*\(here as a load balancer and an Access application, in example\.com\)/,
    ],
    [
      "a non-sending name",
      [
        [
          ["email", "nonSending"],
          ["old.example.com", "legacy.staging.example.com"],
        ],
      ],
      "email.nonSending[1]",
      /"legacy\.staging\.example\.com" is in config\/staging\.yaml's zone staging\.example\.com .*so null MX, SPF and DMARC records declared here/,
    ],
  ])("fails when production puts %s in staging's zone", (_what, edits, field, message) => {
    expect(withStagingBelow(edits)).toEqual([
      expect.stringMatching(NESTED),
      expect.stringMatching(new RegExp(`^${PROD}: ${field.replace(/[.[\]]/g, "\\$&")}: `)),
    ]);
    expect(withStagingBelow(edits)[1]).toMatch(message);
  });

  test("fails once per email field when the sending domain is in another environment's zone", () => {
    const out = withStagingBelow([
      [["email", "domain"], "mail.staging.example.com"],
      [["email", "nonSending"], ["old.example.com"]],
    ]);
    expect(out.slice(1).map((l) => l.split(": ")[1])).toEqual(["email.domain", "email.mailFromSubdomain", "email.extraDkim[0].selector"]);
    expect(out[1]).toMatch(
      /"mail\.staging\.example\.com" is in config\/staging\.yaml's zone staging\.example\.com .*so the email records \(SPF, DMARC, MTA-STS, TLS-RPT, MX\) declared here/,
    );
  });

  test("fails when a DMARC report authorisation record lands in another environment's zone", () => {
    const out = withStagingBelow([
      [["email", "domain"], "mail.example.com"],
      [["email", "nonSending"], ["old.example.com"]],
      [["email", "dmarc", "rua"], ["dmarc@staging.example.com"]],
    ]);
    expect(out.slice(1)).toEqual([
      expect.stringMatching(
        /^config\/production\.yaml: email\.dmarc\.rua\[0\]: "mail\.example\.com\._report\._dmarc\.staging\.example\.com" is in config\/staging\.yaml's zone staging\.example\.com .*so a DMARC report authorisation record declared here/,
      ),
    ]);
  });

  test("fails when the canonical www name is another environment's zone", () => {
    const out = lines([
      { file: PROD, cfg: exampleConfig() },
      { file: STAGING, cfg: stagingBelowProduction("www.example.com") },
    ]);
    expect(out.slice(1)).toEqual([
      expect.stringMatching(
        /^config\/production\.yaml: edge\.canonicalHost: "www\.example\.com" is also config\/staging\.yaml's cloudflare\.zone\.name, in its zone www\.example\.com/,
      ),
    ]);
  });

  test("fails golive synth on nested zones and a shared hostname: exit 1, both lines, nothing written", async () => {
    const cwd = tempDir("golive-zone-overlap-");
    const config = join(cwd, "config");
    mkdirSync(config);
    writeFileSync(join(config, "production.yaml"), stringify(editedInput([ADVANCED, HOSTNAME_IN_STAGING])));
    writeFileSync(join(config, "staging.yaml"), stringify(stagingBelowProductionInput()));
    const out = join(cwd, "out");
    mkdirSync(out);
    const run = await golive(["synth", "--config-dir", config, "--output", out], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^config\/staging\.yaml: cloudflare\.zone\.name: "staging\.example\.com" is inside config\/production\.yaml's zone example\.com/m,
    );
    expect(run.stderr).toMatch(
      /^config\/production\.yaml: edge\.hostnames\[3\]\.name: "chat\.staging\.example\.com" is also config\/staging\.yaml's edge\.hostnames\[1\]\.name/m,
    );
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  test("docs/configuration.md's example lines are real output", () => {
    const page = readFileSync(join(REPO_ROOT, "docs", "configuration.md"), "utf8");
    const section = page.slice(page.indexOf("## What two environments may not share"), page.indexOf("## Reading config errors"));
    const block = /```\n([\s\S]*?)```/.exec(section)?.[1]?.trim().split("\n");
    const real = withStagingBelow([HOSTNAME_IN_STAGING]);
    expect(block).toEqual([real[0], real[1]]);
  });
});

describe("the names checked are the concerns' own (Feature.zoneNames, from their builders)", () => {
  test("edge, email and release declare names in the zone; the check reads every one of them", () => {
    expect(FEATURES.filter((f) => f.zoneNames).map((f) => f.name)).toEqual(["edge", "email", "release"]);
    const cfg = exampleConfig();
    expect(zoneNames(cfg)).toEqual(FEATURES.flatMap((f) => f.zoneNames?.(cfg) ?? []));
  });

  test("email's names are its model's records and MTA-STS host, each on the field that moves it", () => {
    const cfg = exampleConfig([
      [["email", "domain"], "mail.example.com"],
      [["email", "nonSending"], ["old.example.com"]],
      [["email", "dmarc", "rua"], ["dmarc@reports.example.com"]],
    ]);
    const names = zoneNames(cfg).filter((n) => n.path[0] === "email");
    const at = (name: string) => names.filter((n) => n.name === name).map((n) => formatPath(n.path));
    expect(at("mta-sts.mail.example.com")).toEqual(["email.domain"]);
    expect(at("_smtp._tls.mail.example.com")).toEqual(["email.domain"]);
    expect(at("bounce.mail.example.com")).toEqual(["email.mailFromSubdomain", "email.mailFromSubdomain"]);
    expect(at("_dmarc.old.example.com")).toEqual(["email.nonSending[0]"]);
    expect(at("old.example.com._report._dmarc.reports.example.com")).toEqual(["email.dmarc.rua[0]"]);
    expect(at("mail.example.com._report._dmarc.reports.example.com")).toEqual(["email.dmarc.rua[0]"]);
  });
});
