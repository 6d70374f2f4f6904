import { knownIdentities } from "../../lib/engines/check/access/identities";
import { kmsStep, readStateSteps, stateObjectStep } from "../../lib/engines/check/access/steps";
import { managedPolicy } from "../../lib/engines/check/access/world";
import { exampleConfig } from "../helpers/example-config";
import { type Actor, adminActor, buildWorld, keyOf, roleActor, type Step, type Verdict, verdict } from "./iam-world";
import { matrixChecks } from "./matrix-checks";

/**
 * Two reads the access matrix does not ask, each the way around a deny it does ask: an OLD VERSION of
 * a state object (s3:GetObjectVersion; versioning keeps every state ever written, secrets included),
 * and a secret value's decrypt on its own (kms:Decrypt through Secrets Manager, the half of a read
 * that a key policy opened to the account would let through). Evaluated with the simulator `golive
 * check` uses, on the example production environment (S3 state, a named administrator).
 */

const A: Verdict = "allowed";
const D: Verdict = "denied";

const cfg = exampleConfig();
const world = buildWorld(cfg);
const identities = knownIdentities(cfg);
const actorsOf = (id: string): Actor[] =>
  identities.find((i) => (id.endsWith(":") ? i.id.startsWith(id) : i.id === id))?.actors(world) ?? [];

/** An account principal no golive policy names, with ReadOnlyAccess (an auditor's or a tool's role). */
const readOnly: Actor = {
  ...adminActor("account ReadOnlyAccess role", world.accountId, "someone-read-only"),
  identity: [{ name: "ReadOnlyAccess", policy: managedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess") }],
};

/** Principal -> its actors: every column of the access matrix, and the read-only role. */
const PRINCIPALS: readonly [label: string, actors: () => Actor[]][] = [
  ["pull request", () => actorsOf("pull-request")],
  ["main branch", () => actorsOf("main-branch")],
  ["deploy env", () => actorsOf("deploy-environment")],
  ["admin env", () => actorsOf("admin-environment")],
  ["app", () => actorsOf("runtime:app")],
  ["named administrator", () => actorsOf("administrator:")],
  ["account admin", () => actorsOf("account-administrator")],
  ["account read-only", () => [readOnly]],
  ["root user", () => actorsOf("root-user")],
  ["other account", () => actorsOf("other-account")],
];

/**
 * Who reads an old version of each state object, in PRINCIPALS order: those who apply its stack and
 * the named administrators. The plan roles read only the current version, all Terraform reads.
 */
// biome-ignore format: an aligned table reads as one
const OLD_VERSION_READERS: readonly [kind: string, ...Verdict[]][] = [
  // kind        PR  main deploy admin app named acct  r/o  root other
  ["edge",       D,  D,   A,     D,    D,  A,    D,    D,   D,   D],
  ["secrets",    D,  D,   D,     A,    D,  A,    D,    D,   D,   D],
];

/** Principals outside the state users: only the bucket policy keeps them from an object (their IAM allows s3:Get*). */
const NON_USERS = ["account admin", "account read-only", "root user", "other account"];

const oldVersion = (kind: string): Step => stateObjectStep(world, kind, "s3:GetObjectVersion");

function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`no ${what}`);
  return value;
}
const cells = OLD_VERSION_READERS.flatMap(([kind, ...verdicts]) =>
  PRINCIPALS.map(([label, actors], i) => [kind, label, verdicts[i], actors] as const),
);

describe("old versions of state objects (s3:GetObjectVersion)", () => {
  test.each(cells)(
    "%s state: %s reading an old version, the state key's decrypt included -> %s",
    async (kind, _label, expected, actors) => {
      // The decrypt through S3 a real read of an SSE-KMS object takes, then the version.
      const decrypt = defined(readStateSteps(world, kind)[0], "decrypt");
      expect(decrypt.action).toBe("kms:Decrypt");
      expect(await verdict(actors(), [decrypt, oldVersion(kind)])).toBe(expected);
      // Never beyond the readers of the current version.
      if (expected === A) expect(await verdict(actors(), readStateSteps(world, kind))).toBe(A);
    },
  );

  test.each(["edge", "secrets"])(
    "no principal outside the state users fetches an old version of %s state, as none fetches the current one",
    async (kind) => {
      for (const [label, actors] of PRINCIPALS.filter(([l]) => NON_USERS.includes(l))) {
        const fetch = async (action: string) => verdict(actors(), [stateObjectStep(world, kind, action)]);
        expect({ label, old: await fetch("s3:GetObjectVersion"), current: await fetch("s3:GetObject") }).toEqual({
          label,
          old: D,
          current: D,
        });
      }
    },
  );

  test("the deploy role, which applies edge, fetches no old version of secrets state; the admin-deploy role none of edge state", async () => {
    const role = (kind: string) => [roleActor(world, `${cfg.app}-${cfg.environment}-${kind}`)];
    expect(await verdict(role("deploy"), [oldVersion("secrets")])).toBe(D);
    expect(await verdict(role("deploy"), [oldVersion("edge")])).toBe(A);
    expect(await verdict(role("admin-deploy"), [oldVersion("edge")])).toBe(D);
    expect(await verdict(role("admin-deploy"), [oldVersion("secrets")])).toBe(A);
  });
});

describe("a secret value's decrypt alone (kms:Decrypt through Secrets Manager)", () => {
  const checks = matrixChecks(world);
  /** The decrypt of matrix-checks' "read a value once the secrets key policy is open": the key's policy lets the whole account in through Secrets Manager. */
  const openDecrypt = defined(checks.get("read a value once the secrets key policy is open")?.[0], "open-key check");
  const decrypt = kmsStep(world, keyOf(world, "secrets"), "kms:Decrypt", "secretsmanager");
  const roles: readonly (readonly [label: string, role: string])[] = [
    ["pull request plan", "plan"],
    ["main-branch plan", "plan-main"],
    ["admin-deploy", "admin-deploy"],
  ];

  test("the open key is the one the matrix asks about: kms:Decrypt via Secrets Manager in the key's region", () => {
    expect(openDecrypt.action).toBe("kms:Decrypt");
    expect(openDecrypt.context?.["kms:ViaService"]).toBe(`secretsmanager.${world.region}.amazonaws.com`);
    expect(openDecrypt.resource).toBe(decrypt.resource);
  });

  test.each(roles)(
    "the %s role decrypts no secret value, with the secrets key's policy as synthesized or opened to the account",
    async (_label, kind) => {
      const role = [roleActor(world, `${cfg.app}-${cfg.environment}-${kind}`)];
      expect(await verdict(role, [decrypt])).toBe(D);
      expect(await verdict(role, [openDecrypt])).toBe(D);
    },
  );

  test("an account principal no deny names does decrypt through the opened key: the roles above are denied by their own policies", async () => {
    expect(await verdict(actorsOf("account-administrator"), [openDecrypt])).toBe(A);
  });
});
