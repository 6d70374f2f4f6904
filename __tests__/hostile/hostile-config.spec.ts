import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, ConfigErrors } from "../../lib/config/errors";
import { dataCases, type HostileCase } from "./config-cases";
import { dnsTextCases } from "./dns-text-cases";
import { inputCases, NON_FINITE } from "./input-cases";
import { parseConfigText, validateConfigData } from "../../lib/engines/config/load";
import { exampleText } from "../helpers/example-config";

type Outcome = "refused with a field-named error" | "accepted" | "wrongly accepted" | "wrongly refused" | "crashed";

// Untimed: a busy runner made one case "slow" for no fault of the code. What a case may cost is
// `npm run bench`'s (bench/config-input.bench.ts: the longest redirect chains, the largest inputs).

interface Result {
  readonly c: HostileCase;
  readonly outcome: Outcome;
  readonly detail: string;
}

/** Some line of `text` names the case's field, and every such line says what the case expects. */
function namesField(c: HostileCase, text: string): boolean {
  const lines = text.split("\n").filter((line) => line.startsWith(`${c.file}: ${c.field}: `));
  return lines.length > 0 && (c.says === undefined || lines.every((line) => c.says?.test(line)));
}

function classify(c: HostileCase): Result {
  let outcome: Outcome;
  let detail = "";
  try {
    c.run();
    outcome = c.field === undefined ? "accepted" : "wrongly accepted";
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    if (!(err instanceof ConfigError || err instanceof ConfigErrors)) {
      outcome = "crashed";
      detail = err instanceof Error ? `${err.name}: ${text}` : text;
    } else if (c.field !== undefined && namesField(c, text)) {
      outcome = "refused with a field-named error";
    } else {
      // A valid case refused, or a malformed one refused without naming its field.
      outcome = "wrongly refused";
      detail = text.split("\n").slice(0, 3).join(" | ").slice(0, 400);
    }
  }
  return { c, outcome, detail };
}

describe("hostile config input", () => {
  const dir = mkdtempSync(join(tmpdir(), "golive-hostile-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("every malformed config is refused naming its field, every unusual valid one accepted, none crashes", () => {
    const started = performance.now();
    const cases = [...dataCases(), ...dnsTextCases(), ...inputCases(dir)];
    const results = cases.map(classify);
    const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
    const malformed = cases.filter((c) => c.field !== undefined).length;
    const families = [...new Set(cases.map((c) => c.family))];
    process.stdout.write(
      `hostile config: tried ${cases.length} (${malformed} malformed, ${cases.length - malformed} valid; ${families.join(", ")}): ` +
        `refused with a field-named error ${count("refused with a field-named error")}, accepted ${count("accepted")}, ` +
        `wrongly accepted ${count("wrongly accepted")}, wrongly refused ${count("wrongly refused")}, crashed ${count("crashed")}; ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    const wrong = results.filter((r) => r.outcome !== "accepted" && r.outcome !== "refused with a field-named error");
    expect(wrong.map((r) => `${r.outcome}: [${r.c.family}] ${r.c.name} (expected ${r.c.field ?? "valid"}) ${r.detail}`)).toEqual([]);
    expect(malformed).toBeGreaterThanOrEqual(300);
    expect(families).toEqual(
      expect.arrayContaining(["types", "ranges", "addresses", "names", "collisions", "encodings", "sizes", "file kinds", "valid"]),
    );
  });
});

describe("numbers that are not finite", () => {
  test.each(NON_FINITE)("fails on maxAge %s saying a finite number is expected (not 'expected number, received number; got null')", (n) => {
    const text = exampleText().replace("maxAge: 31536000", `maxAge: ${n}`);
    expect(() => validateConfigData("config/production.yaml", parseConfigText("config/production.yaml", text))).toThrow(
      /^config\/production\.yaml: edge\.hsts\.maxAge: expected a finite number; got (-?Infinity|NaN) \(\.inf, \.nan or a value too large\)$/m,
    );
  });
});
