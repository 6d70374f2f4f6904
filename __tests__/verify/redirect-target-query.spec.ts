import { readFileSync } from "node:fs";
import { join } from "node:path";
import { edgeProbePlan } from "../../lib/features/edge/probes/plan";
import { evaluateRedirect, PROBE_QUERY, probedPath } from "../../lib/features/edge/probes/redirects";
import { exampleConfig } from "../helpers/example-config";
import { answerTo } from "./fixtures";

// A redirect whose `to` has its own query is synthesized without preserve_query_string (Cloudflare error
// 10055 refuses both), so verify expects that query in the Location, not the probe's.

const plan = edgeProbePlan(
  exampleConfig([
    [
      ["edge", "redirects"],
      [
        { from: "example.com/promo", to: "https://chat.example.com/landing?utm_source=promo", status: 301, preservePath: false },
        { from: "example.com/news", to: "https://chat.example.com/blog#latest", status: 301, preservePath: false },
      ],
    ],
  ]),
);
const opts = { ignorePort: false };

function probeFor(path: string) {
  const probe = plan.redirects.find((r) => r.path === path);
  if (probe === undefined) throw new Error(`no redirect probe for ${path}`);
  return { probe, url: `https://example.com${probedPath(probe)}` };
}

test("a redirect to a target with a query passes with exactly that query and fails with the probe's kept", () => {
  const { probe, url } = probeFor("/promo/golive-verify");
  expect(probe.expectedLocation).toBe("https://chat.example.com/landing?utm_source=promo");
  expect(evaluateRedirect(probe, answerTo(url, 301, "https://chat.example.com/landing?utm_source=promo"), opts).status).toBe("pass");
  const kept = evaluateRedirect(probe, answerTo(url, 301, `https://chat.example.com/landing?utm_source=promo&${PROBE_QUERY}`), opts);
  expect(kept).toMatchObject({
    status: "fail",
    detail: `redirects to https://chat.example.com/landing?utm_source=promo&${PROBE_QUERY}; expected the target's own query ("?utm_source=promo") in place of the request's (${PROBE_QUERY}), as the rule's target has a query or fragment, so its preserveQueryString is off`,
  });
  expect(evaluateRedirect(probe, answerTo(url, 301, "https://chat.example.com/landing"), opts).status).toBe("fail");
});

test("a redirect to a target with a fragment passes without the probe's query", () => {
  const { probe, url } = probeFor("/news/golive-verify");
  expect(evaluateRedirect(probe, answerTo(url, 301, "https://chat.example.com/blog#latest"), opts).status).toBe("pass");
  expect(evaluateRedirect(probe, answerTo(url, 301, `https://chat.example.com/blog?${PROBE_QUERY}#latest`), opts).status).toBe("fail");
});

test("docs/edge.md says such a target drops the request's query and what verify expects of it", () => {
  const docs = readFileSync(join(__dirname, "../../docs/edge.md"), "utf8").replace(/\s+/g, " ");
  expect(docs).toContain(
    "With `preservePath: false` a `to` with its own query or fragment is sent as written and the request's query string is dropped",
  );
  expect(docs).toContain("for such a rule verify expects the target's own query instead");
});
