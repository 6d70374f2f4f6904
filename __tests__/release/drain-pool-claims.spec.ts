import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";

// `--drain` disables the pool (PATCH pools/{id} {enabled: false}); Cloudflare documents endpoint drain
// (`drain_duration`) for a disabled endpoint only ("Disable an endpoint. Your load balancer will
// gradually drain sessions from that endpoint", load-balancing/additional-options/planned-maintenance),
// and a disabled pool fails the load balancer over to the next pool. So no text may promise that
// `sessionAffinity.drainDuration` delays the sessions a drained pool loses.

// Fixed paths, none under config/ (the adoption guard refuses a read whose path a variable names).
const RELEASING_DOC = join(REPO_ROOT, "docs", "releasing.md");
const ROLLBACK_RUNBOOK = join(REPO_ROOT, "runbooks", "rollback.md");
const ORIGIN_POOL = join(REPO_ROOT, "lib", "features", "release", "constructs", "origin-pool.ts");
/** Text squeezed to single spaces, so a claim is found whatever the line breaks. */
const flat = (text: string) => text.replace(/\s+/g, " ");

describe("what --drain does to pinned sessions, as Cloudflare documents it", () => {
  const releasing = flat(readFileSync(RELEASING_DOC, "utf8"));
  const rollback = flat(readFileSync(ROLLBACK_RUNBOOK, "utf8"));

  test("no text says the pool's pinned sessions move after the drain duration", () => {
    for (const text of [releasing, rollback, flat(readFileSync(ORIGIN_POOL, "utf8"))]) {
      expect(text).not.toMatch(/after `(release\.)?sessionAffinity\.drainDuration`/);
      expect(text).not.toMatch(/at 0 they move at once, set it to let running chats finish/);
    }
  });

  test("docs/releasing.md and the runbook say a drained pool fails over at once, pinned sessions included", () => {
    expect(releasing).toContain(
      "the pool fails over at once, pinned sessions included, as far as Cloudflare documents it. `sessionAffinity.drainDuration` (endpoint drain, default 0) does not delay this",
    );
    expect(releasing).toContain("and `--drain` disables the pool, not its endpoints.");
    expect(rollback).toContain(
      "The pool is disabled, so it fails over at once, pinned sessions included; `sessionAffinity.drainDuration` does not delay it",
    );
  });
});
