import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { isRecord } from "../../lib/core/json";
import { REPO_ROOT } from "../helpers/example-config";

// runbooks/rollback.md's "Which path?" times: the rollback workflow's deploy job waits in the
// environment's apply lock (`golive-apply-<env>`, queue: max) behind every run already in it, so the
// runbook must give the worst case those runs' own bounds (timeout-minutes) add up to, and the way out.

const WORKFLOWS = join(REPO_ROOT, ".github", "workflows");
const RUNBOOK = readFileSync(join(REPO_ROOT, "runbooks", "rollback.md"), "utf8");

interface LockHolder {
  readonly file: string;
  readonly job: string;
  readonly timeoutMinutes: number | undefined;
}

/** Every job of another workflow than rollback.yml that joins the apply lock, with its timeout-minutes. */
function holdersAheadOfTheRollback(): LockHolder[] {
  const out: LockHolder[] = [];
  for (const file of readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml") && f !== "rollback.yml")) {
    const doc: unknown = parse(readFileSync(join(WORKFLOWS, file), "utf8"));
    const jobs = isRecord(doc) && isRecord(doc.jobs) ? Object.entries(doc.jobs) : [];
    for (const [job, body] of jobs) {
      if (!isRecord(body) || !isRecord(body.concurrency)) continue;
      const group = body.concurrency.group;
      if (typeof group !== "string" || !group.startsWith("golive-apply-")) continue;
      const timeout = body["timeout-minutes"];
      out.push({ file, job, timeoutMinutes: typeof timeout === "number" ? timeout : undefined });
    }
  }
  return out;
}

/** The runbook from "## Which path?" to the next "## " heading (its subsections included). */
function whichPath(): string {
  const start = RUNBOOK.indexOf("## Which path?");
  const end = RUNBOOK.indexOf("\n## ", start + 1);
  return RUNBOOK.slice(start, end === -1 ? undefined : end);
}

describe("runbooks/rollback.md: the GitOps path's wait in the apply lock", () => {
  const holders = holdersAheadOfTheRollback();
  const bounded = holders.filter((h) => h.timeoutMinutes !== undefined);

  test("the workflows still put a release watch and a drift check in the lock, each bounded", () => {
    expect(bounded.map((h) => h.file).sort()).toEqual(expect.arrayContaining(["drift.yml", "release.yml"]));
  });

  test("names each bounded holder with its timeout-minutes, and the worst case they add up to", () => {
    const section = whichPath();
    for (const h of bounded) {
      expect(section).toContain(`.github/workflows/${h.file}`);
      expect(section).toContain(`up to ${h.timeoutMinutes} min`);
    }
    const hours = bounded.reduce((sum, h) => sum + (h.timeoutMinutes ?? 0), 0) / 60;
    const gitOpsRow = section.split("\n").find((l) => l.startsWith("| degraded"));
    expect(gitOpsRow).toContain(`worst case ${hours} h or more`);
    // The holders without a bound (a deploy, deploy-admin) are named too: the worst case is "or more".
    for (const h of holders.filter((x) => x.timeoutMinutes === undefined)) expect(section).toContain(h.file.replace(/\.yml$/, ""));
  });

  test("says what to do: break-glass waits in no queue; how to see the holder and which ones may be freed", () => {
    const section = whichPath();
    expect(section).toContain("golive-apply-<env>");
    expect(section).toMatch(/`golive release rollback <env>\s+--now` talks to the Cloudflare API from your machine and waits in no queue/);
    expect(section).toContain("gh run list --status in_progress");
    expect(section).toContain("gh run list --status waiting");
    expect(section).toMatch(/cancel a drift check \(`gh run cancel <run id>`/);
    expect(section).toContain("Never cancel a deploy in the middle of its apply");
  });
});
