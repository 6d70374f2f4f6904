import type { AccessEvaluation, ReadAccess } from "../../../core/access/report";
import type { AppConfig } from "../../../config/schema";
import { stackName } from "../../../core/names";
import { FEATURE_STACKS } from "../../../features";
import { type EnvView, resourceLocation } from "../../../core/readiness/model";
import { type Identity, knownIdentities } from "./identities";
import { indirectReaders, type ReadQuestion, unintendedIndirect } from "./indirect-readers";
import { intendedAppliers, intendedReaders, isIntended } from "./intended";
import { type Actor, type Step, verdict } from "./simulate";
import { desiredDestinations } from "../../../features/monitoring/destinations";
import { readSecretSteps, readStateSteps, subscriptionEndpointReads, writeStateSteps } from "./steps";
import { buildWorld, type World } from "./world";

interface Question extends ReadQuestion {
  readonly kind: ReadAccess["kind"];
  readonly name: string;
  readonly location: ReadAccess["location"];
  /** State only: the write, and who applies the stack (and so must be able to make it). */
  readonly write?: { readonly steps: Step[]; readonly applies: (identity: Identity) => boolean };
}

function questions(world: World, view: EnvView): Question[] {
  const cfg = world.cfg;
  const intended = intendedReaders(cfg);
  const out: Question[] = [];
  for (const [name, secret] of world.secrets) {
    const grantees = intended.secrets.get(name) ?? [];
    out.push({
      kind: "secret",
      name,
      paths: [readSecretSteps(world, name)],
      intended: (i) => isIntended(i, grantees),
      location: resourceLocation(secret.resource),
    });
  }
  const bucket = world.bucket;
  const appliers = intendedAppliers(cfg);
  if (bucket && world.keys.state)
    for (const [kind, grantees] of intended.state) {
      const stack = stackName(kind, cfg.environment);
      if (!view.stacks.some((s) => s.name === stack)) continue;
      const applying = appliers.get(kind) ?? [];
      out.push({
        kind: "state",
        name: stack,
        paths: [readStateSteps(world, kind)],
        intended: (i) => isIntended(i, grantees),
        location: resourceLocation(bucket.resource),
        write: { steps: writeStateSteps(world, kind), applies: (i) => isIntended(i, applying) },
      });
    }
  const topic = world.alertTopic;
  if (topic && desiredDestinations(cfg).webhooks.length > 0)
    out.push({
      kind: "secret",
      name: `alert webhook URLs (subscriptions of SNS topic ${topic.arn.split(":").pop() ?? topic.arn})`,
      paths: subscriptionEndpointReads(world, topic.arn),
      intended: (i) => isIntended(i, intended.webhookEndpoints),
      location: resourceLocation(topic.resource),
    });
  return out;
}

/** The stack kinds that create an environment's state bucket, as the registry declares them (`createsStateBackend`). */
const STATE_BACKEND_KINDS = FEATURE_STACKS.filter((s) => s.createsStateBackend).map((s) => s.kind);

/** True when the environment has something to evaluate: secrets, or the policy of the state bucket its backend stack creates. */
function hasReadableSecretsOrState(view: EnvView): boolean {
  const backendStacks = STATE_BACKEND_KINDS.map((kind) => stackName(kind, view.env));
  return (
    view.ofType("aws_secretsmanager_secret").length > 0 || view.ofType("aws_s3_bucket_policy").some((p) => backendStacks.includes(p.stack))
  );
}

/**
 * Who can read each secret and state object of one environment, among the principals golive knows,
 * by simulating every synthesized policy: directly, and by taking over a golive role that can
 * (indirect-readers.ts); for state also who can write it and who applies its stack (a stack none of
 * them can write could never be deployed). Undefined when the environment declares neither.
 */
export async function whoCanRead(cfg: AppConfig, view: EnvView): Promise<AccessEvaluation | undefined> {
  if (!hasReadableSecretsOrState(view)) return undefined;
  const identities = knownIdentities(cfg);
  const principals = identities.map((i) => i.label);
  try {
    const world = buildWorld(cfg, view.stacks);
    const actors = new Map<string, Actor[]>(identities.map((i) => [i.id, i.actors(world)]));
    const entries: ReadAccess[] = [];
    const allowed = async (paths: readonly (readonly Step[])[]): Promise<Identity[]> => {
      const out: Identity[] = [];
      for (const identity of identities)
        for (const steps of paths)
          if ((await verdict(actors.get(identity.id) ?? [], steps)) === "allowed") {
            out.push(identity);
            break;
          }
      return out;
    };
    const asked = questions(world, view);
    const direct: Identity[][] = [];
    for (const q of asked) direct.push(await allowed(q.paths));
    const indirect = await indirectReaders(world, identities, (i) => actors.get(i.id) ?? [], asked, direct);
    for (const [n, q] of asked.entries()) {
      const readers = direct[n] ?? [];
      const viaTakeover = indirect[n] ?? [];
      const write = q.write;
      entries.push({
        kind: q.kind,
        name: q.name,
        readers: readers.map((i) => i.label),
        unexpected: [...readers.filter((i) => !q.intended(i)).map((i) => i.label), ...unintendedIndirect(viaTakeover)],
        indirect: viaTakeover,
        lockedOut: identities.filter((i) => q.intended(i) && !readers.includes(i)).map((i) => i.label),
        location: q.location,
        ...(write
          ? {
              writers: (await allowed([write.steps])).map((i) => i.label),
              appliers: identities.filter(write.applies).map((i) => i.label),
            }
          : {}),
      });
    }
    return { env: view.env, principals, entries };
  } catch (err) {
    return { env: view.env, principals, entries: [], error: err instanceof Error ? err.message : String(err) };
  }
}
