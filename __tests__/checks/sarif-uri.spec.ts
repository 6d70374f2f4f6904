import type { CheckReport } from "../../lib/engines/check/engine";
import { RULES } from "../../lib/engines/check/rules";
import { toSarif } from "../../lib/engines/check/sarif";
import type { FindingLocation } from "../../lib/platform/readiness";

// RFC 3986 relative-ref / URI as SARIF's "uri-reference" format reads it: no space, '#' only before a fragment.
const URI_REFERENCE = /^([A-Za-z][A-Za-z0-9+.-]*:)?([A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;

function uriOf(location: FindingLocation): string {
  const rule = RULES[0];
  if (!rule) throw new Error("no rules");
  const report: CheckReport = {
    today: "2026-01-01",
    environments: ["staging"],
    skipped: [],
    results: [{ rule, env: "staging", status: "fail", findings: [{ message: "m", location }] }],
  };
  const sarif = toSarif(report) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  const uri = sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri;
  if (uri === undefined) throw new Error("no result");
  return uri;
}

describe("SARIF artifact URIs", () => {
  test("a relative path with a space and '#' is a uri-reference that decodes back to the path", () => {
    const file = "cfg dir#1/my cfg/staging.yaml";
    const uri = uriOf({ kind: "config", file, path: "app.readiness" });
    expect(uri).toMatch(URI_REFERENCE);
    expect(uri.split("/").map(decodeURIComponent).join("/")).toBe(file);
  });

  test("an absolute path is a file: URI with the same encoding", () => {
    const file = "/tmp/x y#2/rb";
    const uri = uriOf({ kind: "repo", file });
    expect(uri).toMatch(URI_REFERENCE);
    expect(new URL(uri).protocol).toBe("file:");
    expect(decodeURIComponent(new URL(uri).pathname)).toBe(file);
  });

  test("a plain relative path is unchanged", () => {
    expect(uriOf({ kind: "config", file: "config/staging.yaml", path: "app.readiness" })).toBe("config/staging.yaml");
  });
});
