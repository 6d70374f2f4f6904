import { check, messages, ruleById } from "../checks/support";
import { CLOUDFLARE_KEY_FORMS, CLOUDFLARE_LOOK_ALIKES, CLOUDFLARE_SECRETS } from "./cloudflare-forms";
import { plantedFormTests } from "./planted-forms";

// A legacy Cloudflare API token (40 characters) or Global API key (37 hex) where it is usually written
// (cloudflare-forms.ts), with look-alikes that must pass. They are planted in the shared repository
// (planted-repository.ts) both committed and staged, so its one scan (each secretlint start costs about
// a second of CPU) reads each in the tree and in the commit that added it.

describe("secret-scan gate: a legacy Cloudflare key where it is usually written", () => {
  plantedFormTests({
    forms: CLOUDFLARE_KEY_FORMS,
    lookAlikes: CLOUDFLARE_LOOK_ALIKES,
    secrets: CLOUDFLARE_SECRETS,
    lookAlikesPass: "a reference, an id, a setting or the token under another name",
  });

  test("golive check (GL-SEC-004) fails the same forms in synthesized values: the scanner's pattern set", () => {
    const forms = ["infra/main.tf", "infra/global-key.tf", "src/stack.ts", "tools/purge.py", "tools/purge.sh"];
    for (const file of forms) {
      const found = messages(
        check(ruleById("GL-SEC-004"), [{ name: "x-qa", file: "f", json: { locals: { planted: CLOUDFLARE_KEY_FORMS[file] } } }]),
      );
      expect([file, found.length, found[0] ?? ""]).toEqual([
        file,
        1,
        expect.stringContaining("holds a Cloudflare API token (value not shown)"),
      ]);
    }
  });
});
