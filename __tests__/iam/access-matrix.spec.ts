import type { AppConfig } from "../../lib/config/schema";
import { type Identity, knownIdentities } from "../../lib/engines/check/access/identities";
import { intendedReaders, isIntended } from "../../lib/engines/check/access/intended";
import { exampleConfig } from "../helpers/example-config";
import { buildWorld, rolesAssumableBy, type Verdict, verdict, type World } from "./iam-world";
import { matrixChecks } from "./matrix-checks";

/**
 * Who can do what, proven by evaluating every synthesized policy with the IAM simulator `golive
 * check` uses (lib/engines/check/access): identity and inline policies, AWS managed policies pinned
 * in lib/engines/check/access/managed-policies, permissions boundaries, trust policies, the key,
 * secret, state-bucket, alert-key and SES-feedback-key policies. Each cell below is one assertion;
 * flipping any intended deny (say, iam:* back on the deploy role, or the account root back into a
 * key's decrypt) fails it.
 *
 * Columns are the principals `golive check` asks about, not roles: a GitHub Actions token becomes
 * whatever roles its `sub` may assume (the trust table below proves which), so a trust that widens
 * shows up in every row. Who may READ each secret and state object is not written here: it is the
 * intended set `golive check` blocks on (intended.ts), expected cell by cell below.
 */

const A: Verdict = "allowed";
const D: Verdict = "denied";

/** Column -> the principal's id in knownIdentities (`administrator:` the one secrets.administrators names). */
const COLUMNS: readonly [column: string, id: string][] = [
  ["pull request", "pull-request"],
  ["main branch", "main-branch"],
  ["deploy env", "deploy-environment"],
  ["admin env", "admin-environment"],
  ["app", "runtime:app"],
  ["worker", "runtime:worker"],
  ["named administrator", "administrator:"],
  ["account admin", "account-administrator"],
  ["root user", "root-user"],
  ["other account", "other-account"],
];

function identityOf(identities: readonly Identity[], id: string): Identity | undefined {
  return identities.find((i) => (id.endsWith(":") ? i.id.startsWith(id) : i.id === id));
}

type Row = readonly [check: string, ...cells: Verdict[]];

/** Creating, passing and re-trusting roles: the same in every environment. */
// biome-ignore format: a matrix reads as a table
const ROLE_ROWS: readonly Row[] = [
  // check                                             PR  main deploy admin app worker named acct root other
  ["create a role outside the prefix",                 D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["create a role in the prefix without the boundary", D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["create a role in the prefix with the boundary",    D,  D,   D,     A,    D,  D,     A,    A,   A,   D],
  ["create a role and attach AdministratorAccess",     D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["pass the app runtime role",                        D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["change the app runtime role's trust",              D,  D,   D,     A,    D,  D,     A,    A,   A,   D],
  ["change an untagged role's trust in the prefix",     D,  D,   D,     A,    D,  D,     A,    A,   A,   D],
  ["change the deploy role's trust",                   D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["remove the deploy role's boundary",                D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["change the boundary policy",                       D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["change a CI deny policy",                          D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["detach a CI deny policy from the deploy role",     D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["run new code as a runtime role's function",        D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
];

/*
 * production: S3 state, deploys from the `production` environment, one secrets.administrators role
 * (config loading requires one with S3 state: access-production is applied by hand, and the state
 * bucket lets only the CI roles and the administrators use state). Each state object is written by
 * the role that applies its stack and by the administrators, nobody else: not an account
 * administrator the policies do not name, not the root user. A stack's lock file is taken and removed
 * by those who apply it and by the main-branch plan role, never by a pull request (it plans with
 * `--no-lock`, and a lock it planted would hold a deploy up). The state bucket and every key are
 * administered by the named administrators and the root user (the last way back into a key), never
 * by another account administrator; the alert and feedback keys also by the deploy role, the
 * secrets key and secret policies also by the admin-deploy role. Nobody decrypts by administering.
 * Nobody in the table writes a secret value (writers are operators outside it): the admin-deploy
 * role updates a secret's description or key, and neither a value sent with it nor a key policy
 * opened to the whole account lets it (or any CI role) write or read one; the administrators, who
 * may rewrite the key policy, could (break glass). Neither plan role reads data of another service
 * than its stacks declare (an object of another bucket, a table's items, a queue's messages): a pull
 * request that edits pr.yml reads what its plans need, no more; nor does either deploying role (their
 * reach caps: no AWS service but their stacks', no bucket but state), nor list the account's SNS
 * subscriptions. The admin environment may still rewrite an untagged role in the prefix (a residual
 * risk, docs/secrets-and-credentials.md); nobody in the table but the administrators and root puts a
 * key policy past KMS's lockout check or turns a golive key's rotation off.
 */
// biome-ignore format: an aligned table reads as one
const PRODUCTION: readonly Row[] = [
  // check                                             PR  main deploy admin app worker named acct root other
  ["write access state",                               D,  D,   D,     D,    D,  D,     A,    D,   D,   D],
  ["write secrets state",                              D,  D,   D,     A,    D,  D,     A,    D,   D,   D],
  ["write edge state",                                 D,  D,   A,     D,    D,  D,     A,    D,   D,   D],
  ["take the secrets state lock",                      D,  D,   D,     A,    D,  D,     A,    D,   D,   D],
  ["remove the secrets state lock",                    D,  D,   D,     A,    D,  D,     A,    D,   D,   D],
  ["take the traffic state lock",                      D,  D,   A,     D,    D,  D,     A,    D,   D,   D],
  ["remove the traffic state lock",                    D,  D,   A,     D,    D,  D,     A,    D,   D,   D],
  ["take the edge state lock",                         D,  D,   A,     D,    D,  D,     A,    D,   D,   D],
  ["remove the edge state lock",                       D,  D,   A,     D,    D,  D,     A,    D,   D,   D],
  ["read an object of another bucket",                 D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["scan a DynamoDB table's items",                    D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["receive an SQS queue's messages",                  D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["read an SSM SecureString parameter",               D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["read an alert subscription's endpoint (GetSubscriptionAttributes)", D, A, A, D, D, D,  A,    A,   A,   D],
  ["list the alert topic's subscriptions with endpoints", D, D,  A,     D,    D,  D,     A,    A,   A,   D],
  ["list the account's subscriptions with endpoints",  D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["decrypt with the secrets key directly",            D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["decrypt with the state key directly",              D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["decrypt with the alerts key directly",             D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["decrypt with the SES feedback key directly",       D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["create a grant on the secrets key",                D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["create a grant on the state key",                  D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["create a grant on the alerts key",                 D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["create a grant on the SES feedback key",           D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["put the secrets key policy past the lockout check", D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["turn off the secrets key's rotation",              D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["put the state key policy past the lockout check",  D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["turn off the state key's rotation",                D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["put the alerts key policy past the lockout check", D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["turn off the alerts key's rotation",               D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["put the SES feedback key policy past the lockout check", D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["turn off the SES feedback key's rotation",         D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["put the secrets key policy",                       D,  D,   D,     A,    D,  D,     A,    D,   A,   D],
  ["put the state key policy",                         D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["put the alerts key policy",                        D,  D,   A,     D,    D,  D,     A,    D,   A,   D],
  ["put the SES feedback key policy",                  D,  D,   A,     D,    D,  D,     A,    D,   A,   D],
  ["schedule deletion of the secrets key",             D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["schedule deletion of the state key",               D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["schedule deletion of the alerts key",              D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["schedule deletion of the SES feedback key",        D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["delete the secrets key's alias",                   D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["point the secrets key's alias at another key",     D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["delete the state key's alias",                     D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["point the state key's alias at another key",       D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["put a secret's policy",                            D,  D,   D,     A,    D,  D,     A,    D,   A,   D],
  ["delete a secret's policy",                         D,  D,   D,     A,    D,  D,     A,    D,   A,   D],
  ["delete a secret, restorable for 30 days",          D,  D,   D,     A,    D,  D,     A,    D,   A,   D],
  ["delete a secret at once (ForceDeleteWithoutRecovery)", D, D,  D,     D,    D,  D,     A,    D,   A,   D],
  ["delete a secret, restorable for 7 days",           D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["update a secret's description or key",             D,  D,   D,     A,    D,  D,     A,    D,   A,   D],
  ["write a secret value (PutSecretValue)",            D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["write a secret value (UpdateSecret)",              D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["write a value once the secrets key policy is open", D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["read a value once the secrets key policy is open", D,  D,   D,     D,    A,  A,     D,    D,   D,   D],
  ["put the state bucket policy",                      D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["suspend state bucket versioning",                  D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["lift the state bucket's public access block",      D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["delete an old version of edge state",              D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ...ROLE_ROWS,
];

/*
 * staging: local state (no bucket), deploys from its `staging` environment like production, one
 * runtime role, worker absent: its column is "denied" throughout; its named administrator administers
 * the keys as in production.
 */
// biome-ignore format: an aligned table reads as one
const STAGING: readonly Row[] = [
  // check                                             PR  main deploy admin app worker named acct root other
  ["read an object of another bucket",                 D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["scan a DynamoDB table's items",                    D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["receive an SQS queue's messages",                  D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["read an SSM SecureString parameter",               D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["read an alert subscription's endpoint (GetSubscriptionAttributes)", D, A, A, D, D, D,  A,    A,   A,   D],
  ["list the alert topic's subscriptions with endpoints", D, D,  A,     D,    D,  D,     A,    A,   A,   D],
  ["list the account's subscriptions with endpoints",  D,  D,   D,     D,    D,  D,     A,    A,   A,   D],
  ["decrypt with the secrets key directly",            D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["decrypt with the alerts key directly",             D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["decrypt with the SES feedback key directly",       D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["create a grant on the secrets key",                D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["create a grant on the alerts key",                 D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["create a grant on the SES feedback key",           D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["put the secrets key policy past the lockout check", D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["turn off the secrets key's rotation",              D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["put the alerts key policy past the lockout check", D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["turn off the alerts key's rotation",               D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["put the SES feedback key policy past the lockout check", D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["turn off the SES feedback key's rotation",         D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["put the secrets key policy",                       D,  D,   D,     A,    D,  D,     A,    D,   A,   D],
  ["put the alerts key policy",                        D,  D,   A,     D,    D,  D,     A,    D,   A,   D],
  ["put the SES feedback key policy",                  D,  D,   A,     D,    D,  D,     A,    D,   A,   D],
  ["schedule deletion of the secrets key",             D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["schedule deletion of the alerts key",              D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["schedule deletion of the SES feedback key",        D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["delete the secrets key's alias",                   D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["point the secrets key's alias at another key",     D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["put a secret's policy",                            D,  D,   D,     A,    D,  D,     A,    D,   A,   D],
  ["delete a secret's policy",                         D,  D,   D,     A,    D,  D,     A,    D,   A,   D],
  ["delete a secret, restorable for 30 days",          D,  D,   D,     A,    D,  D,     A,    D,   A,   D],
  ["delete a secret at once (ForceDeleteWithoutRecovery)", D, D,  D,     D,    D,  D,     A,    D,   A,   D],
  ["delete a secret, restorable for 7 days",           D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["update a secret's description or key",             D,  D,   D,     A,    D,  D,     A,    D,   A,   D],
  ["write a secret value (PutSecretValue)",            D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["write a secret value (UpdateSecret)",              D,  D,   D,     D,    D,  D,     D,    D,   D,   D],
  ["write a value once the secrets key policy is open", D,  D,   D,     D,    D,  D,     A,    D,   A,   D],
  ["read a value once the secrets key policy is open", D,  D,   D,     D,    A,  D,     D,    D,   D,   D],
  ...ROLE_ROWS,
];

/** Roles each GitHub Actions token may assume: the trust half of the matrix. */
const TRUST: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  production: {
    "pull request": ["opsbot-production-plan"],
    "main branch": ["opsbot-production-plan-main"],
    "deploy env": ["opsbot-production-deploy"],
    "admin env": ["opsbot-production-admin-deploy"],
    "another repository's pull request": [],
    "a feature branch": [],
    "another audience": [],
  },
  staging: {
    "pull request": ["opsbot-staging-plan"],
    "main branch": ["opsbot-staging-plan-main"],
    "deploy env": ["opsbot-staging-deploy"],
    "admin env": ["opsbot-staging-admin-deploy"],
    "another repository's pull request": [],
    "a feature branch": [],
    "another audience": [],
  },
};

function tokens(env: string): Record<string, [sub: string, aud?: string]> {
  const repo = "repo:example-org/opsbot";
  return {
    "pull request": [`${repo}:pull_request`],
    "main branch": [`${repo}:ref:refs/heads/main`],
    "deploy env": [`${repo}:environment:${env}`],
    "admin env": [`${repo}:environment:${env}-admin`],
    "another repository's pull request": ["repo:example-org/fork:pull_request"],
    "a feature branch": [`${repo}:ref:refs/heads/feature`],
    "another audience": [`${repo}:environment:${env}`, "sts.example.com"],
  };
}

const MATRICES: readonly [env: string, rows: readonly Row[]][] = [
  ["production", PRODUCTION],
  ["staging", STAGING],
];

/** The read rows: the intended readers `golive check` blocks on, as expected verdicts per column. */
function readRows(cfg: AppConfig, world: World): Row[] {
  const intended = intendedReaders(cfg);
  const identities = knownIdentities(cfg);
  const row = (check: string, grantees: Parameters<typeof isIntended>[1]): Row => [
    check,
    ...COLUMNS.map(([, id]): Verdict => {
      const identity = identityOf(identities, id);
      return identity && isIntended(identity, grantees) ? A : D;
    }),
  ];
  return [
    ...[...intended.secrets].map(([name, grantees]) => row(`read secret ${name.split("/").pop() ?? name}`, grantees)),
    ...(world.keys.state ? [...intended.state].map(([kind, grantees]) => row(`read ${kind} state`, grantees)) : []),
  ];
}

describe.each(MATRICES)("access matrix of the example %s environment", (env, literal) => {
  const cfg = exampleConfig([], env);
  const world = buildWorld(cfg);
  const checks = matrixChecks(world);
  const identities = knownIdentities(cfg);
  const actors = new Map(COLUMNS.map(([column, id]) => [column, identityOf(identities, id)?.actors(world) ?? []]));
  const rows = [...readRows(cfg, world), ...literal];

  test("the table asks every question the checks define, and only those", () => {
    expect(rows.map(([check]) => check).sort()).toEqual([...checks.keys()].sort());
  });

  test.each(Object.entries(tokens(env)))("trust: a GitHub token of %s assumes exactly its roles", (label, [sub, aud]) => {
    expect(rolesAssumableBy(world, sub, aud).sort()).toEqual(TRUST[env]?.[label]);
  });

  const cells = rows.flatMap(([check, ...verdicts]) => COLUMNS.map(([column], i) => [column, check, verdicts[i]] as const));
  test.each(cells)("%s: %s -> %s", async (column, check, expected) => {
    const steps = checks.get(check);
    if (!steps) throw new Error(`no check ${check}`);
    expect(await verdict(actors.get(column) ?? [], steps)).toBe(expected);
  });
});

/*
 * The intended readers themselves, pinned for production, so widening intended.ts (which both
 * `golive check` and the rows above take as the truth) fails here: pull requests read only the
 * secret-free state (access, secrets, email, traffic), main every state, each deploying role the
 * state of its stacks, the named administrators every state, runtime roles only the secrets that
 * list them.
 */
// biome-ignore format: an aligned table reads as one
const INTENDED_PRODUCTION: readonly Row[] = [
  // check                                             PR  main deploy admin app worker named acct root other
  ["read secret model-provider-api-key",               D,  D,   D,     D,    A,  A,     D,    D,   D,   D],
  ["read secret webhook-signing-secret",               D,  D,   D,     D,    A,  D,     D,    D,   D,   D],
  ["read secret database-url",                         D,  D,   D,     D,    A,  A,     D,    D,   D,   D],
  ["read access state",                                A,  A,   D,     D,    D,  D,     A,    D,   D,   D],
  ["read secrets state",                               A,  A,   D,     A,    D,  D,     A,    D,   D,   D],
  ["read edge state",                                  D,  A,   A,     D,    D,  D,     A,    D,   D,   D],
  ["read email state",                                 A,  A,   A,     D,    D,  D,     A,    D,   D,   D],
  ["read monitoring state",                            D,  A,   A,     D,    D,  D,     A,    D,   D,   D],
  ["read traffic state",                               A,  A,   A,     D,    D,  D,     A,    D,   D,   D],
];

test("the intended readers of the example production environment", () => {
  const cfg = exampleConfig();
  const byCheck = (rows: readonly Row[]) => new Map(rows.map(([check, ...cells]) => [check, cells]));
  expect(byCheck(readRows(cfg, buildWorld(cfg)))).toEqual(byCheck(INTENDED_PRODUCTION));
});
