import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isRecord } from "../../lib/core/json";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { buildWorld, managedOnlyActor, roleActor, verdict } from "./iam-world";

/**
 * The AWS managed policies the simulation pins (lib/engines/check/access/managed-policies) are the
 * versions AWS applies now: an audit found ReadOnlyAccess pinned at v178 while AWS applied v188, so
 * the role-limits matrix could not see what v179-v188 added. The folder's README names each file's
 * version and source; these tests hold the files to it and ask one grant only v188 has.
 */
const DIR = join(REPO_ROOT, "lib", "engines", "check", "access", "managed-policies");

function pinned(name: string): { versionId: string; createDate: string } {
  const file: unknown = JSON.parse(readFileSync(join(DIR, `${name}.json`), "utf8"));
  if (!isRecord(file) || typeof file.versionId !== "string" || typeof file.createDate !== "string") throw new Error(`${name}.json`);
  return { versionId: file.versionId, createDate: file.createDate };
}

describe("the pinned AWS managed policies", () => {
  test("each file is the version and date the folder's README lists", () => {
    const readme = readFileSync(join(DIR, "README.md"), "utf8");
    for (const name of ["ReadOnlyAccess", "PowerUserAccess", "AdministratorAccess"]) {
      const { versionId, createDate } = pinned(name);
      expect([name, readme.includes(`| \`${name}.json\` | ${versionId} | ${createDate} |`)]).toEqual([name, true]);
    }
    expect(pinned("ReadOnlyAccess").versionId).toBe("v188");
  });

  // A role holding ReadOnlyAccess alone: the admin-deploy role's reach policy denies S3 Express outright.
  test("ReadOnlyAccess (v188) lets a role open S3 Express sessions in ReadOnly mode only", async () => {
    const world = buildWorld(exampleConfig());
    const readOnly = managedOnlyActor(world.accountId, "ReadOnlyAccess");
    const session = (mode: string) => [
      {
        action: "s3express:CreateSession",
        resource: `arn:aws:s3express:${world.region}:${world.accountId}:bucket/reports--euw1-az1--x-s3`,
        resourceAccount: world.accountId,
        context: { "s3express:SessionMode": mode },
      },
    ];
    expect(await verdict([readOnly], session("ReadOnly"))).toBe("allowed");
    expect(await verdict([readOnly], session("ReadWrite"))).toBe("denied");
    expect(await verdict([roleActor(world, "opsbot-production-admin-deploy")], session("ReadOnly"))).toBe("denied");
  });
});
