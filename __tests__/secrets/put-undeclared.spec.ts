import { Readable } from "node:stream";
import { golive, tempDir } from "../helpers/cli";
import { initArgs } from "../init/init-args";

/** A project with config/zz.yaml from `golive init` with `extra` flags (none: no secrets section). */
async function initialised(extra: Record<string, string> = {}): Promise<string> {
  const cwd = tempDir("golive-put-undeclared-");
  expect((await golive(initArgs(extra), { cwd })).code).toBe(0);
  return cwd;
}

/** `echo v | golive secrets put zz model-provider-api-key`, as the runbook's example (in-process: put-secret.spec.ts spawns bin/golive.js). */
const put = (cwd: string) =>
  golive(["secrets", "put", "zz", "model-provider-api-key"], { cwd, stdin: Readable.from([Buffer.from("v\n")]) });

const DECLARE =
  "list the secret under secrets.items in config/zz.yaml ({name, description, readers, rotation}: docs/secrets-and-credentials.md), synthesize and deploy secrets-zz (runbooks/deploy.md, step 3), then put its value";

describe("golive secrets put: a secret not configured is refused with how to declare and deploy it", () => {
  test("fails on a config without a secrets section, naming the template init wrote, the field and the stack to deploy", async () => {
    const run = await put(await initialised());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "golive secrets: config/zz.yaml has no secrets section, so no secret exists to put a value in; add one (golive init writes it as a commented `secrets:` template there without --github-repository; access-zz needs it too), then ",
    );
    expect(run.stderr).toContain(DECLARE);
  });

  test("fails on a name missing from secrets.items, saying to add it there and deploy secrets-<env> first", async () => {
    const cwd = await initialised({
      "github-repository": "acme/ops",
      "secrets-writer-role": "arn:aws:iam::111111111111:role/writers",
      "administrator-role": "arn:aws:iam::111111111111:role/admins",
    });
    const run = await put(cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`allowed: (none configured); to add one, ${DECLARE}`);
    expect(run.stderr).not.toContain("model-provider-api-key");
  });
});
