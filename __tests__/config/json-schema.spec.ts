import { readFileSync } from "node:fs";
import { join } from "node:path";
import { appConfigJsonSchema } from "../../lib/config/json-schema";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

describe("generated JSON Schema", () => {
  test("config/golive.schema.json is in sync with the zod schema (run `npm run schema`)", () => {
    expect(readFileSync(join(REPO_ROOT, "config", "golive.schema.json"), "utf8")).toBe(appConfigJsonSchema());
  });

  test("it rejects unknown keys and lists the plan tiers, as the zod schema does", () => {
    const schema = JSON.parse(appConfigJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.cloudflare.properties.plan.enum).toEqual(["free", "pro", "business", "enterprise"]);
    expect(schema.required).toEqual(expect.arrayContaining(["app", "environment", "cloudflare", "edge"]));
  });

  test("every example config points editors at the schema", () => {
    for (const env of ["production", "staging"]) {
      expect(readFileSync(join(EXAMPLE_CONFIG_DIR, `${env}.yaml`), "utf8")).toMatch(
        /^# yaml-language-server: \$schema=\.\.\/\.\.\/\.\.\/config\/golive\.schema\.json$/m,
      );
    }
  });
});
