import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigErrors } from "../../lib/config/errors";
import { checkProtectedInventory, inventoryFile, protectedResources } from "../../lib/engines/synth/protected-inventory";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";

const protectedKey = (path: string) => ({ lifecycle: { prevent_destroy: true }, "//": { metadata: { path } } });

/** A synth output of env `production` with a protected key and bucket, and an unprotected record. */
function output(keyName = "SecretsKey_Resource_1A2B3C4D"): string {
  const out = join(tempDir("golive-inventory-"), "cdktf.out");
  writeSynthOutput(out, {
    "secrets-production": { resource: { aws_kms_key: { [keyName]: protectedKey("secrets-production/SecretsKey/Resource") } } },
    "bootstrap-production": {
      resource: { aws_s3_bucket: { State_1C20CC9A: protectedKey("bootstrap-production/State/Resource") } },
    },
    "edge-production": { resource: { cloudflare_dns_record: { Www: { name: "www" } } } },
    "secrets-staging": { resource: { aws_kms_key: { Other: protectedKey("secrets-staging/SecretsKey/Resource") } } },
  });
  return out;
}

function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigErrors) return err.message;
    throw err;
  }
  throw new Error("expected a ConfigErrors");
}

describe("rename guard: protected resources recorded in config/protected/<env>.json", () => {
  test("lists only the environment's prevent_destroy resources, with address and construct path", () => {
    expect(protectedResources(output(), "production")).toEqual([
      { stack: "bootstrap-production", address: "aws_s3_bucket.State_1C20CC9A", path: "bootstrap-production/State/Resource" },
      { stack: "secrets-production", address: "aws_kms_key.SecretsKey_Resource_1A2B3C4D", path: "secrets-production/SecretsKey/Resource" },
    ]);
  });

  test("records only when asked, counts what is unrecorded, and then refuses a renamed construct naming it", () => {
    const config = tempDir("golive-inventory-config-");
    const file = inventoryFile(config, "production");
    expect(checkProtectedInventory(output(), config, ["production"], false)).toEqual({ recorded: [], unrecorded: { production: 2 } });
    expect(existsSync(file)).toBe(false);
    expect(checkProtectedInventory(output(), config, ["production"], true)).toEqual({ recorded: ["production"], unrecorded: {} });
    expect(JSON.parse(readFileSync(file, "utf8")).protected).toHaveLength(2);
    // Same declarations: nothing to do.
    expect(checkProtectedInventory(output(), config, ["production"], true)).toEqual({ recorded: [], unrecorded: {} });

    const renamed = output("Keys_Resource_9F8E7D6C");
    const message = thrown(() => checkProtectedInventory(renamed, config, ["production"], true));
    expect(message).toContain(`${file}: protected[1]: secrets-production aws_kms_key.SecretsKey_Resource_1A2B3C4D`);
    expect(message).toContain('resource.moveFromId("aws_kms_key.SecretsKey_Resource_1A2B3C4D")');
    // Recording never acknowledges a removal: the file is unchanged.
    expect(JSON.parse(readFileSync(file, "utf8")).protected[1].address).toBe("aws_kms_key.SecretsKey_Resource_1A2B3C4D");

    // Deleting the entry by hand is the acknowledgement; the new key is then recorded.
    const inventory = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ protected: [inventory.protected[0]] }));
    expect(checkProtectedInventory(renamed, config, ["production"], true).recorded).toEqual(["production"]);
    expect(readFileSync(file, "utf8")).toContain("aws_kms_key.Keys_Resource_9F8E7D6C");
  });

  test("a malformed inventory is refused naming the file and the field", () => {
    const config = tempDir("golive-inventory-config-");
    mkdirSync(join(config, "protected"));
    writeFileSync(inventoryFile(config, "production"), JSON.stringify({ protected: [{ stack: "x" }] }));
    expect(thrown(() => checkProtectedInventory(output(), config, ["production"], false))).toBe(
      `${inventoryFile(config, "production")}: protected[0]: must have a stack and an address (strings)`,
    );
    writeFileSync(inventoryFile(config, "production"), "{");
    expect(thrown(() => checkProtectedInventory(output(), config, ["production"], false))).toMatch(
      /protected\/production\.json: \(root\): not a readable JSON file/,
    );
  });

  test("golive synth --record-protected writes the inventory; a recorded resource no longer declared fails synth and writes nothing", async () => {
    const cwd = tempDir("golive-inventory-cli-");
    cpSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), join(cwd, "config", "staging.yaml"));
    const unrecorded = await golive(["synth", "staging"], { cwd });
    expect(unrecorded.stderr).toMatch(
      /^note: protected resources not yet recorded: \d+ of staging \(config\/protected\/staging\.json\); run golive synth --record-protected/m,
    );
    const first = await golive(["synth", "staging", "--record-protected"], { cwd });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("Recorded the protected resources of staging in config/protected/staging.json: commit it.");
    const file = join(cwd, "config", "protected", "staging.json");
    const recorded = JSON.parse(readFileSync(file, "utf8")).protected as { stack: string; address: string }[];
    expect(recorded.map((r) => r.stack)).toEqual(expect.arrayContaining(["edge-staging", "secrets-staging"]));

    const manifest = readFileSync(join(cwd, "cdktf.out", "manifest.json"), "utf8");
    const gone = { stack: "secrets-staging", address: "aws_kms_key.Renamed_0A0B0C0D", path: "secrets-staging/Renamed" };
    writeFileSync(file, JSON.stringify({ protected: [...recorded, gone] }));
    const second = await golive(["synth", "staging"], { cwd });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      "aws_kms_key.Renamed_0A0B0C0D (secrets-staging/Renamed) is protected (prevent_destroy) and no longer declared",
    );
    expect(second.stderr).toContain("No stack was written.");
    expect(readFileSync(join(cwd, "cdktf.out", "manifest.json"), "utf8")).toBe(manifest);
  });

  test("the note's suggested command keeps --config-dir, and running it records the inventory in that folder", async () => {
    const cwd = tempDir("golive-inventory-dir-");
    cpSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), join(cwd, "ops conf", "staging.yaml"));
    const unrecorded = await golive(["synth", "staging", "--config-dir", "ops conf"], { cwd });
    const suggested = /run (golive synth --record-protected --config-dir 'ops conf') and commit/.exec(unrecorded.stderr);
    expect(suggested?.[1]).toBeDefined();
    const recorded = await golive(["synth", "staging", "--record-protected", "--config-dir", "ops conf"], { cwd });
    expect(recorded.code).toBe(0);
    expect(readFileSync(join(cwd, "ops conf", "protected", "staging.json"), "utf8")).toContain('"edge-staging"');
  });
});
