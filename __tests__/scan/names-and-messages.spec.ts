import { LOOK_ALIKE_MESSAGE_COMMIT, NAME_SECRETS, TOKEN_MESSAGE_COMMIT, TOKEN_NAMED_FILES } from "./name-forms";
import { planted } from "./planted-repository";

// A token in a file or folder name or in a commit message (name-forms.ts), planted in the shared
// repository (planted-repository.ts) and scanned once: the tree's tracked paths, and each commit's
// message and the paths it adds, are scanned as text.

describe("secret-scan gate: tokens in file and folder names and in commit messages", () => {
  const short = (name: string) => planted().commit(name).slice(0, 12);

  test("fails on a token in a tracked file's name, in the tree and in the commit that added it", () => {
    const { dir, run } = planted();
    expect(Object.keys(TOKEN_NAMED_FILES)).toHaveLength(1);
    expect(run.code).toBe(1);
    expect(run.out).toContain(`secret-scan: ${dir}: found in a tracked path (a file or folder name)`);
    expect(run.out).toContain(`secret-scan: ${short("planted")}: found in a path it adds (a file or folder name)`);
  });

  test("fails on a token in a commit message, and on a key id in a folder name that commit adds, naming the commit", () => {
    const { run } = planted();
    expect(run.out).toContain(`secret-scan: ${short(TOKEN_MESSAGE_COMMIT.name)}: found in its commit message`);
    expect(run.out).toContain(`secret-scan: ${short(TOKEN_MESSAGE_COMMIT.name)}: found in a path it adds`);
  });

  test("never prints a token of a name or a message", () => {
    for (const secret of NAME_SECRETS) expect(planted().run.out).not.toContain(secret);
  });

  test("passes a commit whose message and path name token prefixes and a documented placeholder", () => {
    expect(planted().run.out).not.toContain(`secret-scan: ${short(LOOK_ALIKE_MESSAGE_COMMIT.name)}:`);
  });
});
