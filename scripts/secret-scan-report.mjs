#!/usr/bin/env node
// Which files a secretlint report names as holding a finding, one absolute path a line, to search for a
// path in. The json formatter lists every file it scanned, each with its messages (none when clean): any
// copy's or extra file's path was in it, and every one was named as a finding; only the files with a
// message are kept. SARIF lists only the results, each file's uri relative to the directory secretlint
// ran in (a copy under the system's temporary folder: `../golive-scan-text-…/base64/…`), so the uris are
// made absolute. stylish lists only the files with a finding, by absolute path: the report itself. A
// report that does not parse as its format is kept whole: naming too much, never too little.
// Used by scripts/secretlint.mjs (copies) and scripts/secret-scan.sh (paths and commit messages):
//   node scripts/secret-scan-report.mjs FORMAT <report   prints that text.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const SARIF = "@secretlint/secretlint-formatter-sarif";

/** The paths of json results with a message; undefined when `results` is not secretlint's json. */
function jsonPaths(results) {
  if (!Array.isArray(results)) return undefined;
  if (!results.every((r) => typeof r?.filePath === "string" && Array.isArray(r.messages))) return undefined;
  return results.filter((r) => r.messages.length > 0).map((r) => r.filePath);
}

/** The absolute path of each SARIF result's location; undefined when `log` holds no runs. */
function sarifPaths(log, cwd) {
  if (!Array.isArray(log?.runs)) return undefined;
  const uris = log.runs.flatMap((run) =>
    (run?.results ?? []).flatMap((result) => (result?.locations ?? []).map((l) => l?.physicalLocation?.artifactLocation?.uri)),
  );
  if (!uris.every((uri) => typeof uri === "string")) return undefined;
  // The formatter writes the relative path as it is (not URI-encoded); SARIF_URI_ABSOLUTE makes it write file: URLs.
  return uris.map((uri) => (uri.startsWith("file:") ? fileURLToPath(uri) : resolve(cwd, uri)));
}

/** The text of `report` (secretlint's output in `format`, run in `cwd`) that names exactly the files with a finding. */
export function findingsText(report, format, cwd = process.cwd()) {
  if (format !== "json" && format !== SARIF && format !== "sarif") return report;
  let parsed;
  try {
    parsed = JSON.parse(report);
  } catch {
    return report;
  }
  const paths = format === "json" ? jsonPaths(parsed) : sarifPaths(parsed, cwd);
  return paths === undefined ? report : [...new Set(paths)].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.stdout.write(`${findingsText(readFileSync(0, "utf8"), process.argv[2] ?? "")}\n`);
}
