import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parsePolicy } from "mailauth/lib/mta-sts";
import {
  mtaStsPolicyId,
  mtaStsWorkerSource,
  mxMatches,
  renderMtaStsPolicy,
  renderMtaStsTxt,
  renderTlsRpt,
} from "../../lib/features/email/mta-sts";
import { tempDir } from "../helpers/cli";

const POLICY = { mode: "enforce", mx: ["mx1.example.net", "*.example.org"], maxAge: 604800 } as const;

test("the policy is RFC 8461 text that mailauth's parser reads back", () => {
  const text = renderMtaStsPolicy(POLICY);
  expect(text).toBe("version: STSv1\r\nmode: enforce\r\nmx: mx1.example.net\r\nmx: *.example.org\r\nmax_age: 604800\r\n");
  expect(parsePolicy(text)).toMatchObject({ mode: "enforce", mx: ["mx1.example.net", "*.example.org"], maxAge: 604800 });
});

test("the _mta-sts id changes whenever the policy changes, and only then", () => {
  const a = renderMtaStsPolicy(POLICY);
  expect(mtaStsPolicyId(a)).toBe(mtaStsPolicyId(renderMtaStsPolicy({ ...POLICY })));
  expect(mtaStsPolicyId(a)).not.toBe(mtaStsPolicyId(renderMtaStsPolicy({ ...POLICY, mode: "testing" })));
  expect(renderMtaStsTxt(a)).toMatch(/^v=STSv1; id=[0-9a-f]{20}$/);
});

test("MX patterns match exactly one left-most label", () => {
  expect(mxMatches("mx1.example.org", "*.example.org")).toBe(true);
  expect(mxMatches("a.b.example.org", "*.example.org")).toBe(false);
  expect(mxMatches("mx1.example.net", "mx1.example.net")).toBe(true);
  expect(mxMatches("mx2.example.net", "mx1.example.net")).toBe(false);
});

test("TLS-RPT lists every report address as mailto:", () => {
  expect(renderTlsRpt(["a@example.com", "b@example.com"])).toBe("v=TLSRPTv1; rua=mailto:a@example.com,mailto:b@example.com");
});

test("the Worker serves the policy at /.well-known/mta-sts.txt and 404 elsewhere", () => {
  const dir = tempDir("golive-mta-sts-");
  try {
    const policy = renderMtaStsPolicy(POLICY);
    writeFileSync(join(dir, "worker.mjs"), mtaStsWorkerSource(policy, POLICY.maxAge));
    const probe = [
      "import w from './worker.mjs';",
      "const ok = await w.fetch(new Request('https://mta-sts.example.com/.well-known/mta-sts.txt'));",
      "const other = await w.fetch(new Request('https://mta-sts.example.com/'));",
      "console.log(JSON.stringify({ status: ok.status, type: ok.headers.get('content-type'), body: await ok.text(), other: other.status }));",
    ].join("\n");
    writeFileSync(join(dir, "probe.mjs"), probe);
    const run = spawnSync(process.execPath, [join(dir, "probe.mjs")], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ status: 200, type: "text/plain; charset=utf-8", body: policy, other: 404 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
