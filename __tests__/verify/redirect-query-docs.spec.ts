import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sameLocation } from "../../lib/features/edge/probes/redirects";

// docs/edge.md says each redirect keeps "path and query"; verify checks the path alone. The docs must
// not claim verify proves more than sameLocation compares.

test("verify's redirect comparison ignores the query, and docs/edge.md says verify checks the path alone", () => {
  const from = "https://example.com/docs/a?golive-probe=1";
  expect(
    sameLocation("https://chat.example.com/help/a", "https://chat.example.com/help/a?golive-probe=1", from, { ignorePort: false }),
  ).toBe(true);
  const docs = readFileSync(join(__dirname, "../../docs/edge.md"), "utf8").replace(/\s+/g, " ");
  expect(docs).toContain(
    "`golive verify` checks the path alone: it requests each redirect without a query string and compares the Location's scheme, host and path, so a live rule that drops the query still passes it.",
  );
});
