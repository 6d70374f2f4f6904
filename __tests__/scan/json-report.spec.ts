import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { BASE64_FORMS } from "./base64-forms";
import { importHistory } from "./git-history";
import { gitRepo, once, type ScanRun, scan } from "./secret-scan-run";

// secretlint's json report lists every file it scanned, clean ones too. The gate named a text copy
// (base64 decoded, ...) or a file of its own (the tracked paths, a commit's message) as a finding when
// its path was anywhere in the report: with --format json, beside a real finding every README with an
// SVG data URI was "found in its base64 text" too, and a clean repository failed "found in a tracked
// path". With --format sarif, whose uris are relative, a copy's finding named no file. Now a file counts
// only when the report gives it a message (scripts/secret-scan-report.mjs).

const b64 = (text: string) => Buffer.from(text).toString("base64");
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="20"><rect width="120" height="20" fill="#4c1"/></svg>';
const SOURCE_MAP = JSON.stringify({ version: 3, sources: ["../src/index.ts"], names: [], mappings: "AAAA,SAAS,GAAG" });

/** Base64 that decodes to harmless text: a badge, a source map, plain settings. */
const CLEAN_FILES: Readonly<Record<string, string>> = {
  "README.md": `# app\n\n![build](data:image/svg+xml;base64,${b64(SVG)})\n`,
  "dist/index.js": `export const x = 1;\n//# sourceMappingURL=data:application/json;base64,${b64(SOURCE_MAP)}\n`,
  "k8s/config.yaml": `data:\n  app.conf: ${b64("log_level: debug\nregion: eu-west-1\nreplicas: 3\n")}\n`,
};
const SECRET_FILE = "encoded/notes.md";

/** A repository of one commit holding `files`, and runs of the gate's tree scan of it in a format. */
function repository(files: Readonly<Record<string, string>>) {
  const dir = gitRepo(tempDir("golive-scan-json-"));
  importHistory(dir, [{ name: "add files", files }]);
  return (format: string, ...modes: string[]): ScanRun & { readonly report: string } => {
    const report = join(tempDir("golive-scan-report-"), `report.${format}`);
    const run = scan([...modes, "--root", dir, "--format", format, "--output", report]);
    return { ...run, report: readFileSync(report, "utf8") };
  };
}

const clean = once(() => repository(CLEAN_FILES)("json", "tree", "history", "all"));
const planted = once(() => {
  const run = repository({ ...CLEAN_FILES, [SECRET_FILE]: BASE64_FORMS[SECRET_FILE] ?? "" });
  return { json: run("json", "tree"), stylish: run("stylish", "tree"), sarif: run("sarif", "tree") };
});

describe("secret-scan gate: a file is named only when the report gives it a message, in every format", () => {
  test("passes a clean repository: exit 0 and no finding line", () => {
    const run = clean();
    // Its one line on stderr is history's count of file versions.
    const lines = run.out.split("\n").filter((line) => line.startsWith("secret-scan: ") && !line.startsWith("secret-scan: history HEAD: "));
    expect(lines).toEqual([]);
    expect(run.code).toBe(0);
  });

  // The gate prints secretlint's stderr only when a run fails: beside a real finding.
  test.each(["json", "stylish", "sarif"] as const)(
    "names no file whose base64 decodes to harmless text (an SVG or source-map data URI, settings) with --format %s",
    (format) => {
      const { out } = planted()[format];
      for (const file of Object.keys(CLEAN_FILES)) expect(out).not.toContain(`/${file}: found`);
    },
  );

  test.each(["json", "stylish", "sarif"] as const)("fails on a base64-encoded credential with --format %s, naming its file", (format) => {
    const run = planted()[format];
    expect(run.code).toBe(1);
    expect(run.out).toMatch(new RegExp(`secret-scan: \\S+/${SECRET_FILE}: found in its base64 text`));
    expect(run.out).not.toContain("found in a tracked path");
    expect(run.report).toContain(`base64/${SECRET_FILE}`);
  });
});
