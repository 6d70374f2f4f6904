import { golive, tempDir } from "../helpers/cli";
import { initArgs } from "./init-args";

/** `init <env>` in its own zone and account; with `ci`, the CI roles (the secrets section with secrets.github). */
function initEnv(env: string, account: string, ci: boolean): string[] {
  const zone = `acme-${env}.dev`;
  const args = initArgs({ domain: zone, hostname: `chat.${zone}`, "aws-account-id": account });
  args[1] = env;
  return ci
    ? [...args, "--github-repository", "acme/app", "--secrets-writer-role", `arn:aws:iam::${account}:role/acme-secret-writers`]
    : args;
}

const SECTION = "That field goes in the secrets section, with secrets.github.repository and the section's other required fields, and ";
const HOW =
  "init writes it with --github-repository and --secrets-writer-role, and a file init wrote without them holds it as a commented template to fill in.";

describe("golive init: the promotion order note says which section deployAfter needs, and who lacks it", () => {
  test.each([
    ["neither environment has CI roles", false, false, `${SECTION}dev, qa have none yet: ${HOW}`],
    ["only the new one has", false, true, `${SECTION}dev has none yet: ${HOW}`],
    ["only the first has", true, false, `${SECTION}qa has none yet: ${HOW}`],
  ])("when %s, it names the environments without secrets.github and how to write it", async (_name, devCi, qaCi, said) => {
    const cwd = tempDir("golive-init-order-note-");
    expect((await golive(initEnv("dev", "111111111111", devCi), { cwd })).code).toBe(0);
    const run = await golive(initEnv("qa", "222222222222", qaCi), { cwd });
    expect(run.code).toBe(0);
    const note = run.stdout.split("\n").find((l) => l.startsWith("Set the promotion order")) ?? "";
    expect(note).toContain("every environment but the first names the one it is deployed after in secrets.github.deployAfter");
    expect(note.endsWith(said)).toBe(true);
  });

  test("when every environment has CI roles, the note names no section to add", async () => {
    const cwd = tempDir("golive-init-order-note-");
    expect((await golive(initEnv("dev", "111111111111", true), { cwd })).code).toBe(0);
    const run = await golive(initEnv("qa", "222222222222", true), { cwd });
    expect(run.stdout).toContain(
      "Set the promotion order before the first deploy: with dev, qa, every environment but the first names the one it is deployed after in secrets.github.deployAfter (see the comment under secrets.github in the new file, and docs/configuration.md).\n",
    );
  });

  test("init --help says where deployAfter goes and which flags write that section", async () => {
    const help = (await golive(["init", "--help"], { cwd: tempDir() })).stdout.replace(/\s+/g, " ");
    expect(help).toContain(
      "set the promotion order (secrets.github.deployAfter) after it: it goes in the secrets section with secrets.github.repository, which --github-repository (with --secrets-writer-role) writes",
    );
  });
});
