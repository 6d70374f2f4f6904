import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { loadEnvironments } from "../../lib/engines/config/load";
import { SYNTH_RECORD, synthRecordText } from "../../lib/engines/synth/record";
import { golive as runGolive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";
import { createTestCa } from "../helpers/test-ca";
import { golive, makeProject, terraformOutputJson } from "./fixtures";

let cwd: string;

beforeAll(() => {
  cwd = makeProject("-----BEGIN CERTIFICATE-----\nnot a real certificate\n-----END CERTIFICATE-----\n");
  writeFileSync(join(cwd, "two-tokens.json"), terraformOutputJson(["a", "b"]));
  writeFileSync(join(cwd, "bad-token.json"), JSON.stringify({ dkim_tokens: ["ok1", "not a label", "ok3"] }));
  // A repeated key (JSON.parse keeps the last) and a "__proto__" key (dropped by a copy): the file shows other values than are read.
  writeFileSync(join(cwd, "repeated.json"), '{"dkim_tokens": ["a1", "b2", "c3"], "dkim_tokens": ["d4", "e5", "f6"]}');
  writeFileSync(join(cwd, "proto.json"), '{"__proto__": {"dkim_tokens": ["a1", "b2", "c3"]}}');
  // Readable text with no certificate: the config itself may carry one (edge.originPullCertificate).
  writeFileSync(join(cwd, "no-pem.txt"), "ca: not a certificate\n-----BEGIN NOTHING-----\n");
  // A real CA certificate, then one damaged, then one cut short (no END line).
  const real = createTestCa("golive verify cli CA").certPem;
  writeFileSync(join(cwd, "second-damaged.pem"), `${real}${real.replace(/\n[A-Za-z0-9+/]{64}\r?\n/, "\n!!not base64!!\n")}`);
  writeFileSync(join(cwd, "cut-short.pem"), `${real}${real.slice(0, 200)}`);
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

test("golive --help lists verify", async () => {
  const run = await golive(cwd, ["--help"]);
  expect(run.stdout).toMatch(/^\s+verify\s+Probe a deployed environment/m);
});

test("verify --help documents the resolver, CA, port and loopback options", async () => {
  const run = await golive(cwd, ["verify", "--help"]);
  expect(run.code).toBe(0);
  for (const flag of [
    "--resolver",
    "--ca-file",
    "--https-port",
    "--http-port",
    "--timeout-ms",
    "--samples",
    "--loopback-only",
    "--format",
    "--values",
    "GOLIVE_ACCESS_CLIENT_ID",
    "GOLIVE_ACCESS_CLIENT_SECRET",
  ]) {
    expect(run.stdout).toContain(flag);
  }
});

test.each([
  [[], /expected exactly one environment, got 0/],
  [["production", "staging"], /expected exactly one environment, got 2/],
  [["production", "--samples", "500"], /--samples: got "500", allowed: a whole number from 1 to 200/],
  [["production", "--timeout-ms", "soon"], /--timeout-ms: got "soon"/],
  [["production", "--https-port", "70000"], /--https-port: got "70000"/],
  [["production", "--resolver", "dns.example.com"], /--resolver: got "dns.example.com", allowed: IP:PORT/],
  [["production", "--loopback-only"], /--loopback-only needs --resolver/],
  [["production", "--loopback-only", "--resolver", "192.0.2.53:53"], /192\.0\.2\.53:53 is not a loopback address/],
  [["production", "--ca-file", "missing.pem"], /--ca-file: cannot read missing.pem/],
  [["production", "--ca-file", "no-pem.txt"], /^golive verify: --ca-file: no-pem.txt holds no PEM certificate\n/],
  [
    ["production", "--ca-file", "ca.pem"],
    /^golive verify: --ca-file: ca\.pem: certificate 1 of 1 cannot be read \(damaged base64, cut short or not X\.509\); allowed: PEM CA certificates, each -----BEGIN CERTIFICATE----- \.\.\. -----END CERTIFICATE-----\nsee: golive verify --help\n$/,
  ],
  [["production", "--ca-file", "second-damaged.pem"], /^golive verify: --ca-file: second-damaged\.pem: certificate 2 of 2 cannot be read/],
  [["production", "--ca-file", "cut-short.pem"], /^golive verify: --ca-file: cut-short\.pem: certificate 2 of 2 cannot be read/],
  [["production", "--format", "xml"], /--format: got "xml", allowed: text, json/],
  [["production", "--health-path", "health"], /--health-path: got "health"/],
  // Behind Access a path no service token is allowed on could only time the login.
  [
    ["production", "--health-path", "/health"],
    /^golive verify: --health-path: \/health on chat\.example\.com is behind Cloudflare Access and no service token is allowed there, .*allowed: a path at or below a service token's path \(\/hooks\)/,
  ],
  [["production", "--follow-redirects"], /unknown option --follow-redirects/],
  [["production", "--values", "missing.json"], /^golive verify: --values: cannot read JSON from missing.json \(cannot read the file/],
  [
    ["production", "--values", "config/production.yaml"],
    /^golive verify: --values: cannot read JSON from config\/production.yaml \(not JSON\)/,
  ],
  [["production", "--values", "two-tokens.json"], /^golive verify: --values: value of dkim_tokens: got 2 values; allowed: exactly 3\n/],
  [["production", "--values", "bad-token.json"], /^golive verify: --values: value of dkim_tokens: got "not a label"; allowed: a DNS label/],
  [
    ["production", "--values", "repeated.json"],
    /^golive verify: --values: repeated\.json: dkim_tokens: duplicate key; JSON keeps only the last one;/,
  ],
  [["production", "--values", "proto.json"], /^golive verify: --values: proto\.json: __proto__: "__proto__" cannot be a key/],
])("fails with exit 2 (usage) for verify %j", async (args, message) => {
  const run = await golive(cwd, ["verify", ...args]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stdout).toBe("");
});

describe("verify --dry-run and the DKIM CNAMEs", () => {
  const dkimProbes = (stdout: string) =>
    (JSON.parse(stdout) as { probes: { check: string; target: string; proves: string }[] }).probes.filter(
      (p) => /CNAME \S+\._domainkey\.example\.com$/.test(p.target) && !p.target.includes("sel1"),
    );

  test("without --values lists the three DKIM CNAMEs as skipped, saying how to check them", async () => {
    const run = await golive(cwd, ["verify", "production", "--dry-run", "--json"]);
    expect(run.code).toBe(0);
    expect(dkimProbes(run.stdout)).toEqual(
      [0, 1, 2].map((i) => ({
        check: "dns.record",
        target: `CNAME <dkim_tokens[${i}]>._domainkey.example.com`,
        proves: `SKIPPED: dkim_tokens[${i}] known only after apply; check it with --values FILE (terraform output -json of the stack, as golive zone takes)`,
      })),
    );
  });

  test("lists the live SPF evaluation of each synthesized SPF record's name", async () => {
    const run = await golive(cwd, ["verify", "production", "--dry-run", "--json"]);
    const probes = (JSON.parse(run.stdout) as { probes: { check: string; target: string }[] }).probes;
    expect(probes.filter((p) => p.check === "spf.evaluation").map((p) => p.target)).toEqual(["TXT mail.example.com"]);
  });

  test("with --values - (terraform output -json on stdin) lists each <token>._domainkey CNAME and its SES target", async () => {
    const run = await runGolive(["verify", "production", "--dry-run", "--json", "--values", "-"], {
      cwd,
      stdin: Readable.from([terraformOutputJson()]),
    });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(dkimProbes(run.stdout).map((p) => `${p.target} -> ${p.proves}`)).toEqual([
      'CNAME tok0abc._domainkey.example.com -> SES Easy DKIM: the live record matches the synthesized one ("tok0abc.dkim.amazonses.com")',
      'CNAME tok1def._domainkey.example.com -> SES Easy DKIM: the live record matches the synthesized one ("tok1def.dkim.amazonses.com")',
      'CNAME tok2ghi._domainkey.example.com -> SES Easy DKIM: the live record matches the synthesized one ("tok2ghi.dkim.amazonses.com")',
    ]);
  });

  test("lists each MX with its priority as the zone file has it, a null MX as 0 ., and every record a query is judged against (the audit's run showed the first)", async () => {
    const example = tempDir("golive-verify-mx-");
    cpSync(EXAMPLE_CONFIG_DIR, join(example, "config"), { recursive: true });
    await copyExampleSynth(example);
    const run = await golive(example, ["verify", "production", "--dry-run", "--json"]);
    const probes = (JSON.parse(run.stdout) as { probes: { check: string; target: string; proves: string }[] }).probes;
    const mx = probes.filter((p) => p.target.startsWith("MX "));
    // The google-site-verification value and the SPF record share one TXT query: both are checked, both listed.
    expect(probes.filter((p) => p.check === "dns.record" && p.target === "TXT example.com").map((p) => p.proves)).toEqual([
      expect.stringMatching(/^each synthesized record is live \("google-site-verification=[^"]+", "v=spf1 [^"]+"\)$/),
    ]);
    expect(mx.map((p) => `${p.target} -> ${p.proves}`)).toEqual([
      "MX bounce.example.com -> the live record matches the synthesized one (10 feedback-smtp.eu-west-1.amazonses.com), and no other MX is live there",
      "MX chat.example.com -> the live record matches the synthesized one (0 .), and no other MX is live there",
      "MX example.com -> each synthesized record is live (10 mx1.example.net, 20 mx2.example.net), and no other MX is live there",
      "MX old.example.com -> the live record matches the synthesized one (0 .), and no other MX is live there",
      // mta-sts.mx: the sending domain's MX held to the policy (RFC 8461 4.1).
      "MX example.com -> every live MX of example.com (with none, its address: the implicit MX) matches email.mtaSts.mx (mx1.example.net, mx2.example.net), so senders applying mode enforce deliver",
    ]);
  });
});

test("fails with usage exit 2 naming the allowed environments when the environment has no config", async () => {
  const run = await golive(cwd, ["verify", "qa", "--loopback-only", "--resolver", "127.0.0.1:1"]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/unknown environment "qa" \(allowed: production/);
});

describe("verify stops on a synth output made from another config, as zone and plan do", () => {
  const STALE =
    "golive verify: cdktf.out was synthesized from another config of production; run golive synth production, then verify again\nNothing was probed.\n";
  let project: string;

  /** Records today's config of the project as the one its cdktf.out was synthesized from (golive.json). */
  function recordCurrentConfig(): void {
    const cfg = loadEnvironments(join(project, "config"), ["production"]).get("production");
    if (cfg === undefined) throw new Error("the fixture has no production config");
    writeFileSync(
      join(project, "cdktf.out", SYNTH_RECORD),
      synthRecordText(new Map([["production", cfg]]), join(project, "cdktf.out"), new Map()),
    );
  }

  beforeAll(() => {
    project = makeProject("");
    recordCurrentConfig();
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  test("a dry run lists the probes while the output matches the config, and none once a TXT value changed", async () => {
    const current = await golive(project, ["verify", "production", "--dry-run"]);
    expect(current).toMatchObject({ code: 0, stderr: "" });
    expect(current.stdout).toContain("TXT example.com");
    const file = join(project, "config", "production.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("google-site-verification=EXAMPLE-not-a-real-token", "google-site-verification=CHANGED"),
    );
    expect(await golive(project, ["verify", "production", "--dry-run"])).toEqual({ code: 1, stdout: "", stderr: STALE });
  });

  test("without --dry-run nothing is resolved or sent: the stale output is named before any probe", async () => {
    // Port 1 answers nothing: a probe would fail the run with a DNS error, not this message.
    const run = await golive(project, ["verify", "production", "--loopback-only", "--resolver", "127.0.0.1:1", "--timeout-ms", "100"]);
    expect(run).toEqual({ code: 1, stdout: "", stderr: STALE });
  });
});
