import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";
import { escapeRegExp } from "../../lib/core/regexp";
import { ACCESS_SECRET_FORMS, ACCESS_SECRET_LOOK_ALIKES } from "./access-secret-forms";
import { AUDIT_GAP_FORMS, AUDIT_GAP_LOOK_ALIKES } from "./audit-gap-forms";
import { BASE64_FORMS, BASE64_LOOK_ALIKES } from "./base64-forms";
import { CLOUDFLARE_KEY_FORMS, CLOUDFLARE_LOOK_ALIKES } from "./cloudflare-forms";
import { compressedFiles } from "./compressed-forms";
import { DOCKER_CONFIG_FORMS, DOCKER_CONFIG_LOOK_ALIKES } from "./docker-config-forms";
import { git, type HistoryCommit, importHistory } from "./git-history";
import { LOOK_ALIKE_MESSAGE_COMMIT, TOKEN_MESSAGE_COMMIT, TOKEN_NAMED_FILES } from "./name-forms";
import { SKIPPED_IN_ANOTHER_CASE, STATE_IN_ANOTHER_CASE } from "./letter-case-files";
import { PASSWORD_FORMS, PASSWORD_LOOK_ALIKES } from "./password-forms";
import { PASSWORD_GAP_FORMS, PASSWORD_GAP_LOOK_ALIKES } from "./password-gap-forms";
import { LOWER_PASSWORD_FORMS, LOWER_PASSWORD_LOOK_ALIKES } from "./lower-password-forms";
import { SECRET_NAME_FORMS, SECRET_NAME_LOOK_ALIKES } from "./secret-name-forms";
import {
  DIRTY_FILES,
  KEY_FILE,
  LFS_COMMITTED_FILE,
  LFS_TREE_FILES,
  LOOK_ALIKES,
  PLANTED_KEY_ID,
  TRACKED_STATE_FILES,
  unseenFiles,
} from "./planted-files";
import { disjoint, gitRepo, once, plant, type ScanRun, scan } from "./secret-scan-run";
import { STATE_ATTRIBUTES, STATE_BY_CONTENT, STATE_BY_NAME, STATE_LOOK_ALIKES, STATE_MARKED_BINARY } from "./state-forms";

// secretlint takes about a second of CPU to start, once per mode of a scan and per batch of files, so
// the scenarios of secret-scan.spec.ts and cloudflare-key-forms.spec.ts share this one repository and
// its one scan, each test asserting on its own files. It holds every planted secret and look-alike, a
// key or state file hidden in history in each way issue 13 names, the issue 13 audit's files, the
// Cloudflare key forms, the zlib and PDF streams, tokens in names and commit messages, the Docker client configs, the password literals outside YAML, skipped paths and
// state files in another letter case, Access service token secrets, the password forms of password-gap-forms.ts, all-lower-case passwords, secrets under a bare secret name, base64-encoded credentials, and a record of a clean scan, and is scanned once as the test command's gate
// scans (`tree history verified`). Its folder goes with the test run's temporary root
// (__tests__/helpers/temp-root.js): the specs using it end at different times.

/** A root commit: the repository's .secretlintignore and .gitignore, and a README. */
const BASE_FILES: Readonly<Record<string, string>> = {
  ".secretlintignore": readFileSync(join(REPO_ROOT, ".secretlintignore"), "utf8"),
  ".gitignore": readFileSync(join(REPO_ROOT, ".gitignore"), "utf8"),
  "README.md": "clean\n",
};

/**
 * A history of its own, merged into the planted repository: a key in its root commit, removed again; a
 * key kept in the tree; an ident-filtered file.
 */
const KEPT_KEY = { "kept-key.ts": KEY_FILE };
const IDENT_FILTERED = { ".gitattributes": "id.txt ident\n", "id.txt": "v=$Id$\n" };
const UNRELATED_HISTORY: readonly HistoryCommit[] = [
  { name: "root with a key", branch: "unrelated", files: { ...BASE_FILES, "root-commit-key.ts": KEY_FILE } },
  { name: "remove the root commit's key", branch: "unrelated", deletes: ["root-commit-key.ts"] },
  { name: "a key still in the tree", branch: "unrelated", files: KEPT_KEY },
  { name: "an ident-filtered file", branch: "unrelated", files: IDENT_FILTERED },
];

/** The planted repository, its commits the tests name, the record of a clean scan, and its scan. */
export interface PlantedRepository {
  readonly dir: string;
  /** The root commit, which `recorded` scanned. */
  readonly base: string;
  /** The commit .secret-scan-verified names (moved there as a later clean scan would move it). */
  readonly trusted: string;
  readonly head: string;
  /** `history all --record-verified` of the root commit alone, and the line it wrote and its digest. */
  readonly recorded: ScanRun;
  readonly line: string;
  readonly digest: string;
  /** `tree history verified`, as the test command's gate scans. */
  readonly run: ScanRun;
  /** The id of a commit of the planted history, by its name (its message). */
  readonly commit: (name: string) => string;
}

/**
 * The planted repository. Its history, written by two `git fast-import`s: a clean root commit, recorded
 * as verified by `history all --record-verified` (`recorded`); a key committed after it (`trusted`,
 * where the record is then moved, as a later clean scan would move it); a key or state file hidden in
 * each way issue 13 names (and a Git LFS pointer); an unrelated history merged in; a token in a commit
 * message and a folder name, and a look-alike commit (name-forms.ts); the issue 13 audit's files, the Cloudflare
 * key forms, the Docker client configs and their look-alikes, skipped paths and state files in another
 * letter case (letter-case-files.ts), and two state files with the record
 * (`planted`); and a commit that
 * removed those files again, which are then restored from `planted` and staged (git tracks them; HEAD
 * lacks them, so the tree scan reads them rather than leaving them, as committed, to the history scan).
 * Its working tree also holds the tree scan's secrets, look-alikes and an LFS pointer, untracked, beside a copy of the
 * example config, and files changed since their commit.
 */
export const planted = once((): PlantedRepository => {
  const dir = gitRepo(tempDir("golive-scan-git-"));
  const staged = disjoint(
    unseenFiles(),
    compressedFiles(),
    TOKEN_NAMED_FILES,
    TRACKED_STATE_FILES,
    CLOUDFLARE_KEY_FORMS,
    CLOUDFLARE_LOOK_ALIKES,
    DOCKER_CONFIG_FORMS,
    DOCKER_CONFIG_LOOK_ALIKES,
    PASSWORD_FORMS,
    PASSWORD_LOOK_ALIKES,
    AUDIT_GAP_FORMS,
    AUDIT_GAP_LOOK_ALIKES,
    ACCESS_SECRET_FORMS,
    ACCESS_SECRET_LOOK_ALIKES,
    PASSWORD_GAP_FORMS,
    PASSWORD_GAP_LOOK_ALIKES,
    LOWER_PASSWORD_FORMS,
    LOWER_PASSWORD_LOOK_ALIKES,
    SECRET_NAME_FORMS,
    SECRET_NAME_LOOK_ALIKES,
    BASE64_FORMS,
    BASE64_LOOK_ALIKES,
    STATE_BY_NAME,
    STATE_BY_CONTENT,
    STATE_MARKED_BINARY,
    STATE_ATTRIBUTES,
    STATE_LOOK_ALIKES,
    SKIPPED_IN_ANOTHER_CASE,
    STATE_IN_ANOTHER_CASE,
  );
  const untracked = disjoint(DIRTY_FILES, LOOK_ALIKES, LFS_TREE_FILES, { "untracked.ts": KEY_FILE, "untracked-key.ts": KEY_FILE });
  disjoint(staged, untracked);

  const verifiedPart = importHistory(dir, [
    { name: "base", files: BASE_FILES },
    { name: "trusted", branch: "trusted", parents: ["base"], files: { "old-key.ts": KEY_FILE } },
  ]);
  const [base, trusted] = [verifiedPart("base"), verifiedPart("trusted")];
  const recorded = scan(["history", "all", "--record-verified", "--root", dir]);
  const line =
    readFileSync(join(dir, ".secret-scan-verified"), "utf8")
      .split("\n")
      .find((l) => /^[0-9a-f]{40} /.test(l)) ?? "";
  const digest = line.split(" ")[1] ?? "";

  const id = importHistory(dir, [
    { name: "oops", parents: [trusted], files: { "deleted-again.ts": KEY_FILE, "terraform.tfstate": "{}\n", ...LFS_COMMITTED_FILE } },
    { name: "remove them", deletes: ["deleted-again.ts", "terraform.tfstate", ...Object.keys(LFS_COMMITTED_FILE)] },
    { name: "hide lib", files: { "lib/.secretlintignore": "*\n" } },
    { name: "feature", branch: "feature", parents: ["hide lib"], files: { "feature.ts": "export const feature = 1;\n" } },
    { name: "main moves on", files: { "main.ts": "export const main = 1;\n" } },
    // A merge commit starts from its first parent's tree: it brings feature.ts, and merge-resolved.ts
    // is a file only the merge adds (say, written while resolving a conflict).
    {
      name: "merge feature",
      parents: ["main moves on", "feature"],
      files: { "feature.ts": "export const feature = 1;\n", "merge-resolved.ts": KEY_FILE },
    },
    { name: "remove it", deletes: ["merge-resolved.ts"] },
    // An unrelated history merged in: its root commit is not below the record's commit.
    ...UNRELATED_HISTORY,
    { name: "merge the unrelated history", parents: ["remove it", "an ident-filtered file"], files: { ...KEPT_KEY, ...IDENT_FILTERED } },
    TOKEN_MESSAGE_COMMIT,
    LOOK_ALIKE_MESSAGE_COMMIT,
    {
      name: "planted",
      files: {
        ...staged,
        ".secret-scan-verified": `# verified\n${trusted} ${digest}\n`,
        "new-key.ts": KEY_FILE,
        "edited.ts": "export {};\n",
      },
    },
    { name: "removed again", deletes: Object.keys(staged) },
  ]);
  git(dir, "checkout", id("planted"), "--", ...Object.keys(staged).map((path) => `:(literal)${path}`));

  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  plant(dir, untracked);
  // Changed since committed, as the tree scan must still take: edited.ts; README.md, which git is told
  // to ignore changes of (`git diff` no longer lists it); id.txt, which git's ident filter turns back into
  // `$Id$` (hashed through it, it would read as committed).
  plant(dir, { "edited.ts": KEY_FILE, "README.md": `clean\n${PLANTED_KEY_ID}\n`, "id.txt": `v=$Id: ${PLANTED_KEY_ID} $\n` });
  git(dir, "update-index", "--skip-worktree", "README.md");
  return {
    dir,
    base,
    trusted,
    head: id("removed again"),
    recorded,
    line,
    digest,
    run: scan(["tree", "history", "verified", "--root", dir]),
    commit: id,
  };
});

/**
 * Whether the planted repository's scan names `file` of the tree, or `file` as the planted commit's
 * version (`<tmp>/<commit>/<file>`): stylish names each file with findings on a line of its own.
 */
export function plantedFinding(file: string): { tree: boolean; history: boolean } {
  const { dir, run } = planted();
  return {
    tree: run.out.includes(`${join(dir, file)}\n`),
    history: new RegExp(`/[0-9a-f]{12}/${escapeRegExp(file)}\\n`).test(run.out),
  };
}
