import { REDACTED, redact } from "../../lib/core/redact";
import { HEX, j, rep } from "../helpers/secret-samples";
import { golive, liveArgs, TOKEN_ENV } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

// verify quotes the body of an endpoint that wrongly answered: an Access JWT or service-token secret
// in it must not reach the terminal or a CI log. Samples are assembled at run time (the secret scan
// reads this file).

const JWT_SAMPLE = j(
  "eyJ",
  "hbGciOiJSUzI1NiIsImtpZCI6ImFiYyJ9",
  ".",
  "eyJhdWQiOlsiYWJjIl0sImVtYWlsIjoiYUBleGFtcGxlLmNvbSJ9",
  ".",
  "c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl",
);
const CLIENT_SECRET = rep(HEX, 64);

describe("redact hides Cloudflare Access credentials in whatever a command prints", () => {
  test.each([
    ["a bare JWT", JWT_SAMPLE, REDACTED],
    ["a JWT in a form body", `token=${JWT_SAMPLE}`, `token=${REDACTED}`],
    ["the CF_Authorization cookie", `Cookie: CF_Authorization=${JWT_SAMPLE}; path=/`, `Cookie: CF_Authorization=${REDACTED}; path=/`],
    [
      "the Cf-Access-Jwt-Assertion header as JSON",
      `{"Cf-Access-Jwt-Assertion":"${JWT_SAMPLE}"}`,
      `{"Cf-Access-Jwt-Assertion":"${REDACTED}"}`,
    ],
    ["a service token's secret after its header", `CF-Access-Client-Secret: ${CLIENT_SECRET}`, `CF-Access-Client-Secret: ${REDACTED}`],
    [
      "that secret as a JSON key",
      `{"cf-access-client-secret":"${CLIENT_SECRET}","n":1}`,
      `{"cf-access-client-secret":"${REDACTED}","n":1}`,
    ],
    ["that secret in a query", `?cf-access-client-secret=${CLIENT_SECRET}&next=/`, `?cf-access-client-secret=${REDACTED}&next=/`],
  ])("%s", (_what, text, shown) => {
    expect(redact(`golive verify: ${text}`)).toBe(`golive verify: ${shown}`);
  });

  test("that secret quoted inside a quoted body in JSON output (escaped twice) goes too, and the JSON still parses", () => {
    const body = JSON.stringify({ "CF-Access-Client-Secret": CLIENT_SECRET });
    const report = JSON.stringify({ detail: `answered 200: ${JSON.stringify(body)}` });
    const shown = redact(report);
    expect(shown).not.toContain(CLIENT_SECRET);
    expect(JSON.parse(shown)).toEqual({ detail: `answered 200: ${JSON.stringify(`{"CF-Access-Client-Secret":"${REDACTED}"}`)}` });
  });

  test("passes what is no credential: dotted names, the header named without a value, a 64-hex digest alone", () => {
    for (const text of ["eyJ.short.x", "api.example.com", "sent as CF-Access-Client-Id/-Secret", `sha256 ${CLIENT_SECRET}`])
      expect(redact(text)).toBe(text);
  });
});

describe("golive verify prints no Access credential a wrongly open endpoint answers with", () => {
  let live: LiveProject;

  beforeAll(async () => {
    live = await startLiveProject();
  });

  afterAll(() => live?.close());

  const body = `token=${JWT_SAMPLE}&CF-Access-Client-Secret: ${CLIENT_SECRET}`;

  test("the failure quotes the body with the JWT and the secret masked", async () => {
    live.edge.setFaults({ openApi: true, openApiBody: body });
    const run = await golive(live.cwd, liveArgs(live.ports, "text", ["--p95-bar-ms", "5000"]), TOKEN_ENV);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `FAIL +auth\\.unauthenticated +GET https://chat\\.example\\.com:\\d+/api/chat: answered 200 with ${body.length} bytes .*"token=\\[REDACTED\\]&CF-Access-Client-Secret: \\[REDACTED\\]"`,
      ),
    );
    expect(run.stdout).not.toContain(JWT_SAMPLE.slice(-20));
    expect(run.stdout).not.toContain(CLIENT_SECRET);
  });

  test("--json masks them too", async () => {
    live.edge.setFaults({ openApi: true, openApiBody: body });
    const run = await golive(live.cwd, liveArgs(live.ports, "json", ["--p95-bar-ms", "5000"]), TOKEN_ENV);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain(JWT_SAMPLE.slice(-20));
    expect(run.stdout).not.toContain(CLIENT_SECRET);
    expect(run.stdout).toContain("token=[REDACTED]");
  });
});
