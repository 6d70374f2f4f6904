import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { SCHEMA_FILE, schemaPointer } from "../../lib/engines/init/schema-pointer";
import { initArgs } from "./init-args";

const SCHEMA = join(REPO_ROOT, "config", "golive.schema.json");

describe("golive init: the schema pointer names the schema from the folder the file is written to", () => {
  test("the schema is this checkout's config/golive.schema.json", () => {
    expect(SCHEMA_FILE).toBe(SCHEMA);
    expect(existsSync(SCHEMA_FILE)).toBe(true);
  });

  test.each([
    ["config", "./golive.schema.json"],
    ["envs", "../config/golive.schema.json"],
    ["deploy/envs", "../../config/golive.schema.json"],
  ])("in a checkout's %s/, the pointer is %s", (folder, path) => {
    expect(schemaPointer(join(REPO_ROOT, folder))).toBe(`# yaml-language-server: $schema=${path}`);
  });

  test.each([["config"], ["envs"], ["ops/my conf"]])(
    "init --config-dir %s writes a pointer that resolves to the schema, and no schema file of its own",
    async (folder) => {
      const cwd = tempDir("golive-init-schema-");
      const run = await golive([...initArgs(), "--config-dir", folder], { cwd });
      expect(run.code).toBe(0);
      const first = readFileSync(join(cwd, folder, "zz.yaml"), "utf8").split("\n")[0] ?? "";
      const path = /^# yaml-language-server: \$schema=(.+)$/.exec(first)?.[1] ?? "";
      expect(resolve(cwd, folder, path)).toBe(SCHEMA);
      expect(existsSync(join(cwd, folder, "golive.schema.json"))).toBe(false);
    },
  );
});
