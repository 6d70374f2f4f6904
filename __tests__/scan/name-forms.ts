import type { HistoryCommit } from "./git-history";

// A token in a file or folder name, or in a commit message: in no file's content, so the scan of file
// contents never saw one (the secret-scan audit). Planted in the shared repository of
// planted-repository.ts, asserted by names-and-messages.spec.ts. Every token is built at run time: the
// gate scans this file.
const j = (...parts: string[]) => parts.join("");
const FILE_NAME_TOKEN = j("gh", "p_", "N4m3dP4th".repeat(4));
const FOLDER_NAME_KEY = j("AK", "IA", "Z9Y8X7W6", "V5U4T3S2");
const MESSAGE_TOKEN = j("gh", "p_", "M3ss4g3T0k3n".repeat(3));

/** What these plants hold: the scan must never print one. */
export const NAME_SECRETS: readonly string[] = [FILE_NAME_TOKEN, FOLDER_NAME_KEY, MESSAGE_TOKEN];

/** A clean file under a name holding a token: tracked in the tree, added by the planted commit. */
export const TOKEN_NAMED_FILES: Readonly<Record<string, string>> = { [`docs/${FILE_NAME_TOKEN}.txt`]: "clean\n" };

/** A commit whose message holds a token, adding a clean file below a folder whose name holds a key id. */
export const TOKEN_MESSAGE_COMMIT: HistoryCommit = {
  name: `rotate the deploy token (the old one was ${MESSAGE_TOKEN})`,
  files: { [`keys/${FOLDER_NAME_KEY}/README.md`]: "clean\n" },
};

/** A commit naming token prefixes and a documented placeholder, in its message and its path: it must pass. */
export const LOOK_ALIKE_MESSAGE_COMMIT: HistoryCommit = {
  name: `docs: GitHub tokens start with ghp_ or github_pat_; AWS's placeholder is AKIAIOSFODNN7${"EXAMPLE"}`,
  files: { "docs/ghp_-and-github_pat_-tokens.md": "clean\n" },
};
