import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lineFinder } from "../../lib/engines/check/load";

// A config as golive init writes it: comments may name keys ("backend: s3"), and keys repeat under other sections.
const CONFIG = [
  "app: opsbot", // 1
  "# state is local until you choose (backend: s3). See docs/state.md", // 2
  "cloudflare:", // 3
  "  zone:", // 4
  "    name: example.org", // 5
  "mirror:", // 6
  "  backend: cloud", // 7
  "readiness:", // 8
  "  exemptions:", // 9
  "    - rule: GL-EDGE-004", // 10
  "      reason: a", // 11
  "    - rule: GL-EDGE-005", // 12
  "      reason: b", // 13
  "",
].join("\n");

describe("config finding lines", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "golive-lines-"));
    writeFileSync(join(dir, "qa.yaml"), CONFIG);
    writeFileSync(join(dir, "staged.yaml"), `${CONFIG}state:\n  # backend: s3\n  key: x\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const line = (file: string, path: string) => lineFinder(dir)({ kind: "config", file, path });

  test("a field absent from the file is not found in a comment or under another section", () => {
    expect(line("qa.yaml", "state.backend")).toBeUndefined();
  });

  test("a field left to its default points at its section, not a comment inside it", () => {
    expect(line("staged.yaml", "state.backend")).toBe(14);
  });

  test("a field, a list item and an item's field have their own lines", () => {
    expect(line("qa.yaml", "cloudflare.zone.name")).toBe(5);
    expect(line("qa.yaml", "readiness.exemptions[0]")).toBe(10);
    expect(line("qa.yaml", "readiness.exemptions[1]")).toBe(12);
    expect(line("qa.yaml", "readiness.exemptions[1].rule")).toBe(12);
    expect(line("qa.yaml", "readiness.exemptions[1].reason")).toBe(13);
  });
});
