import { readFileSync } from "node:fs";
import { join } from "node:path";
import { helpText } from "./help";
import { REPO_ROOT, readDoc } from "./support";

/**
 * The token permissions preflight's API reads need, as lib/engines/preflight/api.ts names them for its
 * error messages (`permission: "Zone: Zone Read on the zone"` -> "Zone Read").
 */
function preflightPermissions(): string[] {
  const source = readFileSync(join(REPO_ROOT, "lib", "engines", "preflight", "api.ts"), "utf8");
  // A name may hold a colon and commas of its own ("Access: Organizations, Identity Providers, and Groups Read").
  const names = [...source.matchAll(/permission: "(?:Zone|Account): ([A-Z][\w :,]*?)(?: \(| on |")/g)].map((m) => m[1] as string);
  return [...new Set(names)];
}

/** A page's section from its heading to the next heading of the same or a higher level. */
function section(text: string, heading: string): string {
  const start = text.indexOf(heading);
  if (start === -1) throw new Error(`no heading ${heading}`);
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const rest = text.slice(start + heading.length);
  const next = rest.search(new RegExp(`\\n#{1,${level}} `));
  return (next === -1 ? rest : rest.slice(0, next)).replace(/\s+/g, " ");
}

describe("what preflight's token needs and what it reports, where users read it", () => {
  const permissions = preflightPermissions();
  const places: readonly (readonly [string, () => Promise<string>])[] = [
    ["golive help preflight", async () => (await helpText("preflight")).replace(/\s+/g, " ")],
    ["docs/edge.md", async () => section(readDoc("docs/edge.md"), "## Before the first deploy: `golive preflight`")],
    ["runbooks/deploy.md", async () => section(readDoc("runbooks/deploy.md"), "## Step one: preflight")],
  ];

  test("the permissions are read from the code (the scan sees them)", () => {
    expect(permissions).toEqual(
      expect.arrayContaining([
        "Zone Read",
        "Zone WAF Read",
        "DNS Read",
        "Workers Scripts Read",
        "Access: Organizations, Identity Providers, and Groups Read",
      ]),
    );
  });

  test.each(places)("%s names every permission preflight's reads need", async (_, read) => {
    const text = await read();
    expect(permissions.filter((p) => !text.includes(p))).toEqual([]);
  });

  test.each(places)("%s says it reports the mta-sts host and MX records beside golive's", async (_, read) => {
    const text = await read();
    expect(text).toContain("mta-sts.<domain>");
    expect(text).toMatch(/custom domain/);
    expect(text).toMatch(/MX records? golive does not declare|address and MX records/);
  });
});
