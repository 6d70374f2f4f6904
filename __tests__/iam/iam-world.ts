import type { AppConfig } from "../../lib/config/schema";
import { buildModel, type EnvView, envViews } from "../../lib/core/readiness/model";
import type { Actor } from "../../lib/engines/check/access/simulate";
import { buildWorld as worldOf, type KeyInfo, managedPolicy, type World } from "../../lib/engines/check/access/world";
import { type SynthJson, synthKind } from "../helpers/synth";

/**
 * The tests' way into the evaluation `golive check` runs (lib/engines/check/access): the same world
 * builder, simulator, principals and intended readers, fed stacks synthesized in memory.
 */
export {
  type Actor,
  adminActor,
  roleActor,
  rolesAssumableBy,
  rootUserActor,
  type Step,
  type Verdict,
  verdict,
} from "../../lib/engines/check/access/simulate";
export type { World } from "../../lib/engines/check/access/world";

/**
 * The access, secrets, monitoring, email and (with S3 state) bootstrap stacks of `cfg`, as `golive
 * check` views them; `edit` may change a stack's synthesized JSON first (a copy: synthKind parses anew).
 */
export function iamView(cfg: AppConfig, edit?: (kind: string, json: SynthJson) => void): EnvView {
  if (!cfg.secrets) throw new Error("the matrix needs a secrets section");
  const s3 = cfg.state?.backend === "s3" && cfg.state.bootstrap;
  const kinds = [
    "access",
    "secrets",
    ...(cfg.monitoring ? ["monitoring"] : []),
    ...(cfg.email ? ["email"] : []),
    ...(s3 ? ["bootstrap"] : []),
  ];
  const model = buildModel(
    kinds.map((kind) => {
      const json = synthKind(cfg, kind);
      edit?.(kind, json);
      return { name: `${kind}-${cfg.environment}`, file: `${kind}.tf.json`, json };
    }),
  );
  const [view] = envViews(model, [cfg.environment]);
  if (!view) throw new Error("no stacks");
  return view;
}

/** Synthesizes the IAM stacks of `cfg` (iamView) and reads their IAM. */
export function buildWorld(cfg: AppConfig): World {
  return worldOf(cfg, iamView(cfg).stacks);
}

/** A key the matrix asks about, which the example environments always declare. */
export function keyOf(world: World, name: keyof World["keys"]): KeyInfo {
  const key = world.keys[name];
  if (!key) throw new Error(`no ${name} key`);
  return key;
}

/** A role of `accountId` holding the AWS managed policy `name` alone: what that policy reaches without golive's denies. */
export function managedOnlyActor(accountId: string, name: string): Actor {
  return {
    label: name,
    principal: `arn:aws:sts::${accountId}:assumed-role/only-${name}/golive`,
    principalArn: `arn:aws:iam::${accountId}:role/only-${name}`,
    accountId,
    identity: [{ name, policy: managedPolicy(`arn:aws:iam::aws:policy/${name}`) }],
  };
}
