import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";
import { checkTerraformVersionOnce } from "../../lib/engines/synth/terraform-version-once";
import { tempDir } from "../helpers/cli";

describe("cdktf's terraform version check runs once per process", () => {
  test("three constructs asking the same check start terraform once; another constraint is asked again", () => {
    checkTerraformVersionOnce();
    const bin = tempDir("golive-tfversion-");
    const log = join(bin, "calls");
    writeFileSync(join(bin, "terraform"), `#!/bin/sh\necho run >> "${log}"\necho "Terraform v1.4.0"\n`);
    chmodSync(join(bin, "terraform"), 0o755);
    // The command names the stand-in (a PATH set here would not reach cdktf's child process under jest).
    const command = `${join(bin, "terraform")} version`;
    const check = () => new ValidateBinaryVersion("terraform", ">=1.5", command, "upgrade").validate();
    const first = check();
    expect(first).toEqual(["terraform version 1.4.0 is lower than the required version >=1.5 for this construct. upgrade"]);
    expect(check()).toEqual(first);
    expect(check()).toEqual(first);
    expect(readFileSync(log, "utf8")).toBe("run\n");
    expect(new ValidateBinaryVersion("terraform", ">=1.4", command).validate()).toEqual([]);
    expect(readFileSync(log, "utf8")).toBe("run\nrun\n");
  });
});
