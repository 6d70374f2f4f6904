import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";
import { FILES } from "./import-graph";

/** Code lines (comments left out) of every layered source file that match `pattern`, as `file: line`. */
function codeMatching(pattern: RegExp): string[] {
  return FILES.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && pattern.test(line))
      .map((line) => `${relative(REPO_ROOT, file)}: ${line.trim()}`),
  );
}

describe("facts several concerns share are written once", () => {
  // The email stack serves its policy there and the edge exempts that host from Browser Integrity
  // Check; a second spelling drifts (it had four: edge, email's model and validator, lib/config).
  test("the MTA-STS policy host (mta-sts.<domain>) is built only by lib/core/mta-sts-host.ts", () => {
    const built = codeMatching(/(?<![\w-])mta-sts\.\$\{/);
    expect(built).toEqual(["lib/core/mta-sts-host.ts: return `mta-sts.${sendingDomain}`;"]);
  });

  test("the sending domain's default (the zone) is written only there too", () => {
    expect(codeMatching(/[dD]omain \?\? [\w.]*[zZ]one/)).toEqual(["lib/core/mta-sts-host.ts: return emailDomain ?? zoneName;"]);
  });
});
