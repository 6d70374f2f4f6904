import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluateRedirect, PROBE_QUERY, probedPath } from "../../lib/features/edge/probes/redirects";
import type { RedirectProbe } from "../../lib/core/verify/types";
import { answerTo } from "./fixtures";

// docs/edge.md says each redirect keeps "path and query"; verify requests each with a query and fails a
// Location that drops it, and the docs say so.

const probe: RedirectProbe = {
  check: "redirect.config",
  host: "example.com",
  path: "/docs/golive-verify",
  expectedStatus: 308,
  expectedLocation: "https://chat.example.com/help/golive-verify",
};
const url = `https://example.com${probedPath(probe)}`;
const opts = { ignorePort: false };

test("fails a redirect whose Location drops the query it was requested with", () => {
  expect(probedPath(probe)).toBe("/docs/golive-verify?golive-verify=1");
  const dropped = evaluateRedirect(probe, answerTo(url, 308, "https://chat.example.com/help/golive-verify"), opts);
  expect(dropped).toMatchObject({
    status: "fail",
    detail: `redirects to https://chat.example.com/help/golive-verify, dropping the query string (${PROBE_QUERY}); expected https://chat.example.com/help/golive-verify with the query kept, as the rule's preserveQueryString has it`,
  });
  const kept = `https://chat.example.com/help/golive-verify?${PROBE_QUERY}`;
  expect(evaluateRedirect(probe, answerTo(url, 308, kept), opts).status).toBe("pass");
  // A target's own query stays beside the kept one; a relative Location is read against the request.
  expect(
    evaluateRedirect(probe, answerTo(url, 308, `https://chat.example.com/help/golive-verify?ref=docs&${PROBE_QUERY}`), opts).status,
  ).toBe("pass");
  expect(evaluateRedirect(probe, answerTo(url, 308, "https://chat.example.com/help/golive-verify?golive-verify=0"), opts).status).toBe(
    "fail",
  );
});

test("docs/edge.md says verify requests each redirect with a query and fails a Location that drops it", () => {
  const docs = readFileSync(join(__dirname, "../../docs/edge.md"), "utf8").replace(/\s+/g, " ");
  expect(docs).toContain(
    "`golive verify` checks both: it requests each redirect with the query `?golive-verify=1`, compares the Location's scheme, host and path, and fails a Location without that parameter",
  );
  expect(docs).not.toContain("checks the path alone");
});
