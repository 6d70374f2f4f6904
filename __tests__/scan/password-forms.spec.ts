import { PASSWORD_FORMS, PASSWORD_LOOK_ALIKES, PASSWORD_SECRETS } from "./password-forms";
import { planted, plantedFinding } from "./planted-repository";

// A password literal in a JSON, Terraform, HCL, TOML, INI or .properties file (password-forms.ts), with
// look-alikes that must pass, planted in the shared repository (planted-repository.ts) and scanned once.

describe("secret-scan gate: a password literal outside YAML", () => {
  test.each(Object.keys(PASSWORD_FORMS))("fails on %s, in the tree and in the commit that added it (deleted since)", (file) => {
    expect(planted().run.code).toBe(1);
    expect(plantedFinding(file)).toEqual({ tree: true, history: true });
  });

  test("never prints a planted password", () => {
    for (const secret of PASSWORD_SECRETS) expect(planted().run.out).not.toContain(secret);
  });

  test.each(Object.keys(PASSWORD_LOOK_ALIKES))("passes %s: a placeholder, a reference, an interpolation or a type name", (file) => {
    expect(plantedFinding(file)).toEqual({ tree: false, history: false });
  });
});
