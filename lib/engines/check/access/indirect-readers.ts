import type { IndirectReader } from "../../../core/access/report";
import type { Identity } from "./identities";
import { intendedTakeovers } from "./intended";
import { type Actor, roleActor, type Step, verdict } from "./simulate";
import { takeoversBy } from "./takeover";
import type { RoleInfo, World } from "./world";

/** What who-can-read.ts asks of one secret or state object, as far as indirect readers need it. */
export interface ReadQuestion {
  /** Each a way to read it (every call of one allowed): one is enough. */
  readonly paths: readonly (readonly Step[])[];
  /** Config means the identity to read it. */
  readonly intended: (identity: Identity) => boolean;
}

async function readsAny(actors: readonly Actor[], paths: readonly (readonly Step[])[]): Promise<boolean> {
  for (const steps of paths) if ((await verdict(actors, steps)) === "allowed") return true;
  return false;
}

/**
 * For each question, the identities that cannot read it but can take over (takeover.ts) a golive role
 * that can. Each role's reads are asked once (mostly answers the direct readers already have: the CI
 * and runtime roles are identities' roles); an identity is asked only about the roles that read
 * something it cannot, and never about a role it already becomes.
 */
export async function indirectReaders(
  world: World,
  identities: readonly Identity[],
  actorsOf: (identity: Identity) => readonly Actor[],
  questions: readonly ReadQuestion[],
  direct: readonly (readonly Identity[])[],
): Promise<IndirectReader[][]> {
  const readsOf = new Map<RoleInfo, number[]>();
  for (const role of world.roles.values()) {
    const reads: number[] = [];
    const actor = [roleActor(world, role.name)];
    for (const [i, q] of questions.entries()) if (await readsAny(actor, q.paths)) reads.push(i);
    if (reads.length > 0) readsOf.set(role, reads);
  }
  const intendedTakeover = intendedTakeovers(world.cfg);
  const out: IndirectReader[][] = questions.map(() => []);
  for (const identity of identities) {
    // Rewriting a trust and passing a role name roles of the caller's own account only (IAM has no cross-account role calls).
    const actors = actorsOf(identity).filter((a) => a.accountId === world.accountId);
    const unread = (i: number) => !(direct[i] ?? []).includes(identity);
    const candidates = [...readsOf]
      .filter(([role, reads]) => !actors.some((a) => a.principalArn === role.arn) && reads.some(unread))
      .map(([role]) => role);
    for (const { role, how } of await takeoversBy(world, actors, candidates))
      for (const i of readsOf.get(role) ?? [])
        if (unread(i))
          out[i]?.push({
            reader: identity.label,
            role: role.name,
            how,
            intended: (questions[i]?.intended(identity) ?? false) || intendedTakeover(identity, role.stack),
          });
  }
  return out;
}

/** The unintended indirect readers as `unexpected` names them: `<label> (via taking over role A or role B)`, one per principal. */
export function unintendedIndirect(indirect: readonly IndirectReader[]): string[] {
  const roles = new Map<string, string[]>();
  for (const r of indirect.filter((x) => !x.intended)) roles.set(r.reader, [...(roles.get(r.reader) ?? []), r.role]);
  return [...roles].map(([reader, names]) => `${reader} (via taking over ${names.map((n) => `role ${n}`).join(" or ")})`);
}
