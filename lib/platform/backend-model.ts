import type { AppConfig } from "../config/schema";
import { stackName } from "../core/names";

/** Backend settings of one stack, as plain data; lib/platform/backend.ts renders them. */
export type DesiredBackend =
  | { readonly kind: "local"; readonly path: string }
  | {
      readonly kind: "s3";
      readonly bucket: string;
      /** `<keyPrefix>/<stack>.tfstate`: one state object (and lock file) per stack. */
      readonly key: string;
      readonly region: string;
      readonly encrypt: true;
      /** S3 native locking (`<key>.tflock`), Terraform >= 1.10; no DynamoDB table. */
      readonly useLockfile: true;
      readonly kmsKeyId: string;
    }
  | {
      readonly kind: "cloud";
      readonly organization: string;
      readonly hostname: string;
      readonly workspace: string;
      readonly project?: string;
    };

/**
 * The app context key holding the path from a stack's working directory (`<output>/stacks/<stack>`)
 * to the project root, `/`-separated: golive synth sets it from where the output really is, so
 * `--output build/out` keeps state in the project root too (lib/engines/synth/synthesize.ts).
 */
export const STATE_ROOT_CONTEXT = "golive:stackToProjectRoot";

/** Three levels up: from `cdktf.out/stacks/<stack>`, the default output in the project root. */
const DEFAULT_STACK_TO_ROOT = "../../..";

/**
 * Local state lives in the project root, not in the stack's working directory: Terraform runs in
 * <output>/stacks/<stack>, and every synth replaces the output, which would delete state kept there.
 * The path is relative (`stackToRoot`, three levels up for cdktf.out) so synthesized JSON is the same
 * on every machine.
 */
export function localStatePath(stack: string, stackToRoot: string = DEFAULT_STACK_TO_ROOT): string {
  return `${stackToRoot}/terraform.${stack}.tfstate`;
}

/** The state bucket's KMS key alias; the bootstrap stack creates it with this name. */
export function stateKeyAlias(bucket: string): string {
  return `alias/${bucket}`;
}

export function stateKeyAliasArn(region: string, accountId: string, bucket: string): string {
  return `arn:aws:kms:${region}:${accountId}:${stateKeyAlias(bucket)}`;
}

export function stateKeyPrefix(cfg: AppConfig): string {
  return cfg.state?.backend === "s3" ? (cfg.state.keyPrefix ?? cfg.app) : cfg.app;
}

/** The S3 object key of a stack's state: `<keyPrefix>/<kind>-<env>.tfstate` (its lock file adds `.tflock`). */
export function stateObjectKey(cfg: AppConfig, kind: string): string {
  return `${stateKeyPrefix(cfg)}/${stackName(kind, cfg.environment)}.tfstate`;
}

/** Where `stack` keeps its state, from the `state` section (local when absent). */
export function desiredBackend(cfg: AppConfig, stack: string, stackToRoot?: string): DesiredBackend {
  const state = cfg.state;
  if (!state || state.backend === "local") return { kind: "local", path: localStatePath(stack, stackToRoot) };
  if (state.backend === "s3") {
    return {
      kind: "s3",
      bucket: state.bucket,
      key: `${stateKeyPrefix(cfg)}/${stack}.tfstate`,
      region: state.region,
      encrypt: true,
      useLockfile: true,
      kmsKeyId: stateKeyAliasArn(state.region, state.accountId, state.bucket),
    };
  }
  return {
    kind: "cloud",
    organization: state.organization,
    hostname: state.hostname,
    workspace: `${state.workspacePrefix ?? `${cfg.app}-`}${stack}`,
    ...(state.project ? { project: state.project } : {}),
  };
}
