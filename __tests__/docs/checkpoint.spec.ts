import { readDoc } from "./support";

/**
 * cdktf and terraform ask HashiCorp's version service on every run; offline, cdktf prints a red
 * `getaddrinfo ENOTFOUND checkpoint-api.hashicorp.com`. golive's own terraform runs set
 * CHECKPOINT_DISABLE (lib/core/terraform-env.ts), as the workflows do; where a user runs cdktf
 * themselves, the page says so before the first such command.
 */
describe.each(["README.md", "runbooks/deploy.md"])("%s", (page) => {
  test("says export CHECKPOINT_DISABLE=1 before the first cdktf command it shows", () => {
    const text = readDoc(page);
    const disable = text.indexOf("export CHECKPOINT_DISABLE=1");
    const firstCdktf = text.search(/npx cdktf (deploy|diff|synth)/);
    expect(firstCdktf).toBeGreaterThan(-1);
    expect(disable).toBeGreaterThan(-1);
    expect(disable).toBeLessThan(firstCdktf);
  });
});
