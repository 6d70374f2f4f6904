import { exampleConfig } from "../helpers/example-config";
import { adminActor, buildWorld, roleActor, rootUserActor, type Verdict, verdict } from "./iam-world";
import { matrixChecks } from "./matrix-checks";

/**
 * With `secrets.administrators` named (here a plain role in place of the example's Identity Center
 * role: the policies name whatever ARN config gives), administration is exact too: the named people (and the
 * root user, the last way back into a key) administer the state bucket and both keys, and read and
 * write every state object (they apply bootstrap and access by hand); any other administrator of
 * the account is locked out of state, keys and policies like everyone else.
 */
const ADMINS = "arn:aws:iam::111111111111:role/opsbot-admins";
const world = buildWorld(exampleConfig([[["secrets", "administrators"], [ADMINS]]]));
const checks = matrixChecks(world);

const A: Verdict = "allowed";
const D: Verdict = "denied";
const COLUMNS = [
  ["named administrator", [adminActor("named administrator", world.accountId, "opsbot-admins")]],
  ["other administrator", [adminActor("an administrator no policy names", world.accountId, "someone-admin")]],
  ["root user", [rootUserActor(world)]],
  ["deploy role", [roleActor(world, "opsbot-production-deploy")]],
] as const;

// biome-ignore format: an aligned table reads as one
const ROWS: readonly (readonly [string, Verdict, Verdict, Verdict, Verdict])[] = [
  // check                                          named other root deploy
  ["read edge state",                               A,    D,    D,   A],
  ["read access state",                             A,    D,    D,   D],
  ["write access state",                            A,    D,    D,   D],
  ["write edge state",                              A,    D,    D,   A],
  ["read secret database-url",                      D,    D,    D,   D],
  ["decrypt with the state key directly",           D,    D,    D,   D],
  ["create a grant on the state key",               D,    D,    D,   D],
  ["put the state key policy",                      A,    D,    A,   D],
  ["put the secrets key policy",                    A,    D,    A,   D],
  ["schedule deletion of the state key",            A,    D,    A,   D],
  ["put a secret's policy",                         A,    D,    A,   D],
  ["put the state bucket policy",                   A,    D,    A,   D],
  ["suspend state bucket versioning",               A,    D,    A,   D],
  ["delete an old version of edge state",           A,    D,    A,   D],
];

describe("production with secrets.administrators named", () => {
  const cells = ROWS.flatMap(([check, ...verdicts]) => COLUMNS.map(([column, actors], i) => [column, check, verdicts[i], actors] as const));
  test.each(cells)("%s: %s -> %s", async (_column, check, expected, actors) => {
    expect(await verdict(actors, checks.get(check) ?? [])).toBe(expected);
  });
});
