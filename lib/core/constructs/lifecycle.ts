import type { TerraformResource } from "cdktf";

/** Critical resources (zone, DNSSEC, secrets, KMS keys, state bucket) must never be destroyed by a plan. */
export function preventDestroy<T extends TerraformResource>(resource: T): T {
  resource.lifecycle = { ...(resource.lifecycle ?? {}), preventDestroy: true };
  return resource;
}
