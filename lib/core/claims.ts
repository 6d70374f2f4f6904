import type { ConfigIssue } from "./issues";

/**
 * Something only one environment may create (a zone, a bucket name, an account's GitHub OIDC provider):
 * `key` identifies it, `path` is the field that claims it.
 */
export interface Claim {
  readonly key: string;
  readonly path: readonly (string | number)[];
  readonly value: string;
}

/** One environment's config as the cross-environment rules see it, with the file errors name. */
export interface ClaimingEnvironment<C> {
  readonly file: string;
  readonly cfg: C;
}

/**
 * The later claims of a key an earlier environment already made (environments in the order given), each
 * as an issue on the later file's field built by `message`, which names the earlier file's.
 */
export function secondClaims<C, E extends ClaimingEnvironment<C>>(
  envs: readonly E[],
  claimsOf: (cfg: C) => readonly Claim[],
  message: (claim: Claim, first: E, firstClaim: Claim) => string,
): { readonly file: string; readonly issue: ConfigIssue }[] {
  const first = new Map<string, { env: E; claim: Claim }>();
  const out: { file: string; issue: ConfigIssue }[] = [];
  for (const env of envs) {
    for (const claim of claimsOf(env.cfg)) {
      const prev = first.get(claim.key);
      if (!prev) first.set(claim.key, { env, claim });
      else out.push({ file: env.file, issue: { path: claim.path, message: message(claim, prev.env, prev.claim) } });
    }
  }
  return out;
}
