import type { HttpObservation } from "../../lib/core/verify/types";
import { probeReleaseReach, type ReleaseReach, releaseProbes, releaseReach } from "../../lib/features/release/reach-probe";
import type { AccessServiceToken, ProbeRun, RequestSpec } from "../../lib/platform/probes";
import { exampleConfig } from "../helpers/example-config";
import { stubProbeRun } from "../helpers/stub-probe-run";

// release.reachable as a pure plan and one request, against a recorded run: which path, which headers,
// which verdict. The stand-in edge runs it through golive verify (__tests__/verify/release-reach.spec.ts).

const token: AccessServiceToken = { clientId: "0123abcd.access", clientSecret: "not-a-real-secret" };
const behindAccess: ReleaseReach = {
  environment: "production",
  host: "app.example.com",
  path: "/hooks",
  protected: true,
  weights: "blue 100 %, green 0 %",
};

/** A run answering every request with `answer`, recording what each carried. */
function runAnswering(answer: Partial<HttpObservation>, accessToken?: AccessServiceToken): { net: ProbeRun; sent: RequestSpec[] } {
  const sent: RequestSpec[] = [];
  const get = async (host: string, _address: string, spec: RequestSpec): Promise<HttpObservation> => {
    sent.push(spec);
    return { url: `https://${host}${spec.path}`, method: "GET", headers: {}, bodyBytes: 0, bodySnippet: "", elapsedMs: 5, ...answer };
  };
  const net = stubProbeRun(get, {
    ca: ["-----BEGIN CERTIFICATE-----\nrun CA\n-----END CERTIFICATE-----\n"],
    ...(accessToken === undefined ? {} : { accessToken }),
  });
  return { net, sent };
}

describe("release.reachable", () => {
  test("requests release.hostname at the service token's path, the one place Access lets a machine through", () => {
    expect(releaseReach(exampleConfig())).toEqual(behindAccess);
    expect(releaseReach(exampleConfig(), "/hooks/healthz")?.path).toBe("/hooks/healthz");
    expect(releaseProbes(exampleConfig([[["release"], undefined]]), { hasAccessToken: true })).toEqual([]);
  });

  test("a public release hostname is requested without the token and passes on a 2xx", async () => {
    const { net, sent } = runAnswering({ status: 200 }, token);
    const result = await probeReleaseReach({ ...behindAccess, path: "/", protected: false }, net);
    expect(result).toMatchObject({ check: "release.reachable", target: "GET https://app.example.com/", status: "pass" });
    expect(sent).toEqual([{ scheme: "https", path: "/" }]);
  });

  test("behind Access the token goes with a certificate check against the run's CAs", async () => {
    const { net, sent } = runAnswering({ status: 204 }, token);
    expect((await probeReleaseReach(behindAccess, net)).status).toBe("pass");
    expect(sent).toEqual([
      {
        scheme: "https",
        path: "/hooks",
        headers: { "CF-Access-Client-Id": token.clientId, "CF-Access-Client-Secret": token.clientSecret },
        verifyCertificate: { ca: net.ca },
      },
    ]);
  });

  test("fails, the token unsent, when the certificate does not verify", async () => {
    const { net } = runAnswering({ error: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" }, token);
    expect(await probeReleaseReach(behindAccess, net)).toMatchObject({
      status: "fail",
      detail:
        "no verified TLS connection to app.example.com at 127.0.0.1 (UNABLE_TO_VERIFY_LEAF_SIGNATURE): the service token was not sent",
    });
  });

  test("fails a 5xx naming its status and body, a refusal of the token and an app redirect, never passing them", async () => {
    const judged = async (answer: Partial<HttpObservation>) =>
      (await probeReleaseReach(behindAccess, runAnswering(answer, token).net)).detail;
    expect(await judged({ status: 503, bodySnippet: "upstream connect error\n" })).toMatch(
      /^answered 503 "upstream connect error", not 2xx: .*golive release status production --live/,
    );
    expect(await judged({ status: 403 })).toMatch(/^answered 403, not 2xx: the service token in .* is wrong or the app's Access policy/);
    expect(await judged({ status: 302, headers: { location: "https://app.example.com/login?next=%2F" } })).toMatch(
      /^answered a redirect \(302 -> https:\/\/app\.example\.com\/login\), not 2xx: \/hooks is not a path the app answers/,
    );
  });

  test("fails, nothing sent, when the hostname resolves to an address --loopback-only refuses", async () => {
    const { net, sent } = runAnswering({ status: 200 }, token);
    const refused = "app.example.com resolves to 192.0.2.30, not a loopback address; not probed (--loopback-only)";
    const result = await probeReleaseReach(behindAccess, { ...net, resolve: async () => ({ error: refused }) });
    expect(result).toMatchObject({ status: "fail", detail: refused });
    expect(sent).toEqual([]);
  });

  test("is skipped, never sent, behind Access without a token", async () => {
    const { net, sent } = runAnswering({ status: 200 });
    expect((await probeReleaseReach(behindAccess, net)).status).toBe("skip");
    expect(sent).toEqual([]);
  });
});
