import { validateConfigData } from "../../lib/engines/config/load";
import { IAM_ROLE_QUOTAS, LIST_BUDGETS, MAX_STATE_KEY_PREFIX } from "../../lib/features/ci-access/policy-sizes";
import { editedInput, exampleConfig, inputErrorText, setIn } from "../helpers/example-config";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";

/*
 * IAM caps a role's inline policies at 10,240 characters together and a customer-managed policy at
 * 6,144 (whitespace aside), and attaches 20 managed policies to a role at most: past them the
 * access-<env> apply fails with LimitExceeded. What grows the CI roles' documents is config: the alert
 * webhooks' secret ARNs (deploy), the rotation functions (admin-deploy), the state key prefix (every
 * state object ARN), the lengths of the app, environment, region and bucket names, and the managed
 * policies given. The largest config the schema allows is refused at load, one line per list; the
 * largest config that loads fits.
 */

// The longest names that still make `<app>-<env>-admin-deploy` a role name (64 characters).
const APP = "a".padEnd(29, "p");
const ENV = "e".padEnd(21, "n");
const FILE = `config/${ENV}.yaml`;
// The longest region name of the standard partition.
const REGION = "ap-southeast-4";
const ACCOUNT = "111111111111";

interface Largest {
  /** Length of each of the 20 webhooks' secret names (the schema allows 512). */
  readonly secretName: number;
  /** Distinct rotation functions among the 200 secrets (the schema allows one each). */
  readonly rotationFunctions: number;
  /** The state key prefix's length (S3 keys are at most 1,024 bytes, `/<kind>-<env>.tfstate` included). */
  readonly keyPrefix: number;
  readonly deployPolicyArns: number;
  readonly adminDeployPolicyArns: number;
  /** Runtime roles, writers, administrators and secrets at the schema's maximum, or as few as load. */
  readonly people: "most" | "fewest";
}

/**
 * The longest sending domain the example loads with: a name in its zone (example.com) whose records,
 * the longest `google._domainkey.<domain>` (email.extraDkim), are DNS names too (253 characters).
 */
const LONGEST_DOMAIN = `${["a", "b", "c"].map((l) => l.repeat(63)).join(".")}.${"d".repeat(31)}.example.com`;

const times = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** The example production config with every list that could reach a CI policy at `sizes`. */
function largestInput(sizes: Largest): unknown {
  const input = editedInput([]);
  const set = (path: readonly (string | number)[], value: unknown) => setIn(input, path, value);
  const most = sizes.people === "most";
  // Runtime role names: `<app>-<env>-<name>` is a role name too, so 12 characters at most here.
  const runtimeRoles = times(most ? 50 : 1, (i) => ({
    name: `r${i}`.padEnd(12, "x"),
    assumedBy: i % 2 ? "lambda.amazonaws.com" : "ecs-tasks.amazonaws.com",
  }));
  set(["app"], APP);
  set(["environment"], ENV);
  set(["secrets", "region"], REGION);
  set(["secrets", "runtimeRoles"], runtimeRoles);
  set(
    ["secrets", "writers"],
    times(most ? 20 : 1, (i) => roleArn(`writers/${"w".repeat(400)}/writer-${i}`)),
  );
  set(
    ["secrets", "administrators"],
    times(most ? 10 : 1, (i) => roleArn(`admins/${"d".repeat(400)}/admin-${i}`)),
  );
  set(
    ["secrets", "items"],
    times(most ? 200 : Math.max(sizes.rotationFunctions, 1), (i) => ({
      name: `s${i}`.padEnd(42, "q"),
      description: "a secret of the largest config",
      readers: [runtimeRoles[0]?.name],
      rotation:
        i < sizes.rotationFunctions
          ? {
              lambda: {
                functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${`rotate-${i}`.padEnd(64, "f")}`,
                roleArn: roleArn(`rotator-${i}`),
              },
            }
          : { everyDays: 30 },
    })),
  );
  set(
    ["monitoring", "alerts", "webhooks"],
    times(20, (i) => ({ name: `hook-${i}`, secretName: `${APP}/${ENV}/hook-${i}-`.padEnd(sizes.secretName, "x") })),
  );
  // The SES identity's ARN is in the deploy role's deploy-reach (NoMailButOwn): the longest sending domain that loads.
  set(["email", "domain"], LONGEST_DOMAIN);
  set(["state", "bucket"], "b".padEnd(63, "k"));
  set(["state", "keyPrefix"], "k".padEnd(sizes.keyPrefix, "p"));
  set(
    ["secrets", "github", "deployPolicyArns"],
    times(sizes.deployPolicyArns, (i) => `arn:aws:iam::${ACCOUNT}:policy/deploy-${i}`),
  );
  set(
    ["secrets", "github", "adminDeployPolicyArns"],
    times(sizes.adminDeployPolicyArns, (i) => `arn:aws:iam::${ACCOUNT}:policy/plan-${i}`),
  );
  return input;
}

/** The largest n in [lo, hi] that `loads` (which holds for lo, and for every n below one that loads). */
function largestLoading(lo: number, hi: number, loads: (n: number) => boolean): number {
  let [ok, bad] = [lo, hi + 1];
  while (bad - ok > 1) {
    const mid = Math.floor((ok + bad) / 2);
    if (loads(mid)) ok = mid;
    else bad = mid;
  }
  return ok;
}

/** Characters IAM counts of each CI role's inline policies together, by role resource, and of each customer-managed policy. */
function sizesOf(json: SynthJson) {
  const size = (policy: unknown) => String(policy).replace(/\s/g, "").length;
  const inline = new Map<string, number>();
  for (const [, p] of resourcesOf(json, "aws_iam_role_policy"))
    inline.set(String(p.role), (inline.get(String(p.role)) ?? 0) + size(p.policy));
  const managed = new Map(resourcesOf(json, "aws_iam_policy").map(([, p]) => [String(p.name), size(p.policy)]));
  const attached = new Map<string, number>();
  for (const [, a] of resourcesOf(json, "aws_iam_role_policy_attachment"))
    attached.set(String(a.role), (attached.get(String(a.role)) ?? 0) + 1);
  return { inline, managed, attached };
}

const SCHEMA_MOST: Largest = {
  secretName: 512,
  rotationFunctions: 200,
  keyPrefix: 1024 - `/monitoring-${ENV}.tfstate`.length,
  deployPolicyArns: 20,
  adminDeployPolicyArns: 20,
  people: "most",
};

/** The field each line of an error names. */
const fieldsOf = (text: string) => text.split("\n").map((line) => line.replace(/^config\/[^:]+: ([^:]+): .*$/, "$1"));

describe("the CI roles' policies within IAM's quotas", () => {
  test("the example with 20 alert webhooks like its own loads, and its deploy role's inline policies fit (3 more failed the first apply)", () => {
    const webhooks = times(20, (i) => ({
      name: `hook-${i}`,
      secretName: `opsbot/production/pager-${String(i).padStart(2, "0")}-alerts-url`,
    }));
    const sizes = sizesOf(synthKind(exampleConfig([[["monitoring", "alerts", "webhooks"], webhooks]]), "access"));
    const deploy = [...sizes.inline].find(([role]) => role.includes("Github_Deploy_"))?.[1] ?? Number.NaN;
    expect(deploy).toBeLessThan(IAM_ROLE_QUOTAS.inlineCharacters);
    expect(deploy).toBeGreaterThan(2 * 20 * 90);
  });

  test("fails on the largest config the schema allows: one line per list that would push a role past IAM's quotas, with its size and the limit", () => {
    const text = inputErrorText(largestInput(SCHEMA_MOST), FILE);
    expect(fieldsOf(text)).toEqual([
      "monitoring.alerts.webhooks",
      "secrets.items",
      "state.keyPrefix",
      "secrets.github.deployPolicyArns",
      "secrets.github.adminDeployPolicyArns",
    ]);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(
      /^config\/e+n*\.yaml: monitoring\.alerts\.webhooks: the secret ARNs of 20 alert webhooks take 2\d,\d{3} characters of the deploy role's inline policies \(whitespace aside\); golive keeps 5,500 of IAM's 10,240 per role for them; allowed: fewer webhooks or shorter secretName values$/,
    );
    expect(lines[1]).toMatch(
      /: secrets\.items: the ARNs of 200 rotation functions \(rotation\.lambda\.functionArn\) take 2\d,\d{3} characters of the admin-deploy role's .*golive keeps 5,000 of IAM's 10,240/,
    );
    expect(lines[2]).toMatch(
      /: state\.keyPrefix: 98\d characters, .*IAM caps at 10,240 characters per role; allowed: at most 100 characters$/,
    );
    expect(lines[3]).toMatch(
      /: secrets\.github\.deployPolicyArns: 20 managed policies and golive's 3 \(no-other-secrets, no-code-as-other-roles, deploy-reach\) make 23 on the deploy role; IAM attaches at most 20 to a role \(10 unless the account's quota is raised\); allowed: at most 17$/,
    );
    expect(lines[4]).toMatch(/: secrets\.github\.adminDeployPolicyArns: .* make 22 on the admin-deploy role; .*allowed: at most 18$/);
  });

  // Every list at the most that loads: what the property must hold for.
  const secretName = largestLoading(
    40,
    512,
    (n) =>
      !inputErrorText(
        largestInput({ ...SCHEMA_MOST, secretName: n, rotationFunctions: 0, keyPrefix: 2, deployPolicyArns: 1, adminDeployPolicyArns: 1 }),
        FILE,
      ),
  );
  const rotationFunctions = largestLoading(
    1,
    200,
    (n) =>
      !inputErrorText(
        largestInput({ ...SCHEMA_MOST, secretName: 40, rotationFunctions: n, keyPrefix: 2, deployPolicyArns: 1, adminDeployPolicyArns: 1 }),
        FILE,
      ),
  );
  const MOST_THAT_LOADS: Largest = {
    secretName,
    rotationFunctions,
    keyPrefix: MAX_STATE_KEY_PREFIX,
    deployPolicyArns: IAM_ROLE_QUOTAS.attachedPoliciesAtMost - 3,
    adminDeployPolicyArns: IAM_ROLE_QUOTAS.attachedPoliciesAtMost - 2,
    people: "most",
  };
  const largest = validateConfigData(FILE, largestInput(MOST_THAT_LOADS));
  const sizes = sizesOf(synthKind(largest, "access"));

  test("the budgets leave room for the lists a real project holds: 20 webhooks of 64-character secret names, 40 rotation functions", () => {
    // The example's secret name (opsbot/production/pagerduty-alerts-url) is 38 characters.
    expect(secretName).toBeGreaterThanOrEqual(64);
    expect(rotationFunctions).toBeGreaterThanOrEqual(40);
    expect(LIST_BUDGETS).toEqual({ webhooks: 5_500, rotationFunctions: 5_000 });
  });

  test("in the largest config that loads, every CI role's inline policies stay under 10,240 characters", () => {
    expect(sizes.inline.size).toBe(4);
    for (const [role, size] of sizes.inline) expect([role, size < IAM_ROLE_QUOTAS.inlineCharacters]).toEqual([role, true]);
  });

  test("in the largest config that loads, every customer-managed policy stays under 6,144 characters", () => {
    expect([...sizes.managed.keys()].sort()).toEqual(
      ["admin-deploy-reach", "boundary", "deploy-reach", "no-code-as-other-roles", "no-other-secrets"].map(
        (name) => `${APP}-${ENV}-${name}`,
      ),
    );
    for (const [policy, size] of sizes.managed) expect([policy, size < IAM_ROLE_QUOTAS.managedPolicyCharacters]).toEqual([policy, true]);
  });

  test("in the largest config that loads, no role carries more than 20 managed policies; the example's carry at most 10 (IAM's default)", () => {
    expect([...sizes.attached.values()].sort()).toEqual([1, 1, 20, 20]);
    const example = sizesOf(synthKind(exampleConfig(), "access")).attached;
    expect([...example.values()].sort()).toEqual([1, 1, 3, 4]);
    for (const count of example.values()) expect(count).toBeLessThanOrEqual(IAM_ROLE_QUOTAS.attachedPoliciesByDefault);
  });

  test("runtime roles, writers, administrators and secrets without a rotation function reach no CI policy", () => {
    const fewest = sizesOf(synthKind(validateConfigData(FILE, largestInput({ ...MOST_THAT_LOADS, people: "fewest" })), "access"));
    expect(fewest.inline).toEqual(sizes.inline);
    expect(fewest.managed).toEqual(sizes.managed);
  });
});
