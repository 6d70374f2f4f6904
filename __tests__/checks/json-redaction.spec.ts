import { renderCheckReport } from "../../lib/cli/commands/check";
import { REDACTED, redact } from "../../lib/core/redact";
import { redactedJson } from "../../lib/core/redacted-json";
import { runChecks } from "../../lib/engines/check/engine";
import { buildModel } from "../../lib/core/readiness/model";
import { ALNUM, j, rep } from "../helpers/secret-samples";
import { addResource, CODEOWNERS, clone, envConfig, exampleEnv, RUNBOOKS, TODAY } from "./support";

// check --format json and sarif redact each string of the report before serialising it: redacting the
// serialised text took a closing quote with a private key cut short (no END line), leaving invalid JSON,
// and missed a credential whose quotes JSON escapes. Samples are assembled at run time (the secret scan
// reads this file).

const PEM_BODY = j("MIIE", rep(j(ALNUM, "+/"), 200));
/** A private key without its END line, as a pasted text cut short holds it. */
const CUT_KEY = j("-----BEGIN PRIVATE", " KEY-----\n", PEM_BODY.slice(0, 64), "\n", PEM_BODY.slice(64, 128));
/** AWS's documented example secret key, assembled, inside a JSON text: escaped once it is serialised. */
const AWS_SECRET = j("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCY", rep(ALNUM, 10));
const AWS_JSON = JSON.stringify({ [j("aws_secret", "_access_key")]: AWS_SECRET });

/** The example with an IAM access key (GL-SEC-006 fails) exempted by a reason holding both. */
function exemptedReport() {
  const example = exampleEnv();
  const stacks = clone(example.stacks);
  addResource(stacks, "access-", "aws_iam_access_key", "Legacy_Key", { user: "legacy" });
  const config = envConfig(example.cfg);
  const reason = `rotated in OPS-42; the old key was ${CUT_KEY}\nand the CI user held ${AWS_JSON}`;
  const exemptions = [{ rule: "GL-SEC-006", reason, expires: "2027-01-31" }];
  return runChecks({
    model: buildModel(stacks),
    configs: new Map([[config.app.environment, { ...config, readiness: { ...config.readiness, exemptions } }]]),
    runbooks: RUNBOOKS,
    codeowners: CODEOWNERS,
    today: TODAY,
  });
}

describe("golive check --format json and sarif stay JSON whatever a value holds, its credentials masked", () => {
  const report = exemptedReport();

  test("the report carries the exemption's reason (the test's premise)", () => {
    expect(report.results.find((r) => r.rule.id === "GL-SEC-006")?.exemption?.reason).toContain(AWS_SECRET);
  });

  test("redacting the serialised text, as check did, breaks the JSON on the cut-short key and misses the escaped credential", () => {
    expect(() => JSON.parse(redact(`${JSON.stringify({ reason: CUT_KEY, next: "kept" }, null, 2)}\n`))).toThrow();
    expect(redact(JSON.stringify({ reason: AWS_JSON }))).toContain(AWS_SECRET);
  });

  test.each(["json", "sarif"] as const)("--format %s parses, the key and the escaped-quote credential masked", (format) => {
    const text = renderCheckReport(format, false, report, process.cwd());
    const parsed: unknown = JSON.parse(text);
    expect(parsed).toBeTruthy();
    expect(text).not.toContain(PEM_BODY.slice(0, 40));
    expect(text).not.toContain(PEM_BODY.slice(64, 100));
    expect(text).not.toContain(AWS_SECRET.slice(0, 20));
    expect(text).toContain(`and the CI user held {\\"aws_secret_access_key\\":\\"${REDACTED}\\"}`);
  });

  test("the table keeps its text redaction: the key and the credential masked", () => {
    const text = renderCheckReport("table", false, report, process.cwd());
    expect(text).not.toContain(PEM_BODY.slice(0, 40));
    expect(text).not.toContain(AWS_SECRET.slice(0, 20));
  });
});

describe("redactedJson (lib/core/redacted-json.ts), every command's JSON", () => {
  test("redacts keys and values at any depth, keeps numbers, booleans and null, and calls toJSON", () => {
    const when = new Date("2026-12-01T00:00:00.000Z");
    const out = JSON.parse(redactedJson({ [AWS_JSON]: [{ key: CUT_KEY, n: 1, ok: true, none: null }], when }));
    expect(out).toEqual({
      [j('{"aws_secret', '_access_key":"', REDACTED, '"}')]: [{ key: REDACTED, n: 1, ok: true, none: null }],
      when: when.toISOString(),
    });
  });
});
