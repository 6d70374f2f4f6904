import { readFileSync } from "node:fs";
import { join } from "node:path";
import { desiredSecrets } from "../../lib/features/secrets/model";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";

// The audit: the example's alert webhook secret is not in secrets.items, so `secrets put` refuses it,
// yet the runbooks read it at deploy time and said values are written only through `secrets put`.

const RUNBOOK = readFileSync(join(REPO_ROOT, "runbooks", "secret-rotation.md"), "utf8");

describe("an alert webhook secret outside secrets.items has steps that create and write it", () => {
  const cfg = exampleConfig();
  const golive = new Set(desiredSecrets(cfg).map((s) => s.secretName));
  const outside = (cfg.monitoring?.alerts.webhooks ?? []).map((w) => w.secretName).filter((name) => !golive.has(name));

  test("the example keeps one outside secrets.items", () => {
    expect(outside).toEqual(["opsbot/production/pagerduty-alerts-url"]);
  });

  test("the rotation runbook creates it and writes it from stdin, never from an argument", () => {
    for (const name of outside) {
      expect(RUNBOOK).toContain(`aws secretsmanager create-secret --name ${name} `);
      expect(RUNBOOK).toMatch(
        new RegExp(`\\| aws secretsmanager put-secret-value --secret-id ${name} .*--secret-string file:///dev/stdin`),
      );
    }
  });

  test("the rotation runbook no longer says every value goes through golive secrets put", () => {
    expect(RUNBOOK).not.toMatch(/^Values are written only through/m);
    expect(RUNBOOK).toContain("`secrets put` refuses its name");
  });
});
