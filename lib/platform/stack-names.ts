/**
 * Stack kinds, one per blast radius, in deploy order. Stack names are `<kind>-<env>`:
 * `cdktf deploy edge-production`. Typed so a stack cannot be named outside this list.
 */
export const STACK_KINDS = ["bootstrap", "access", "secrets", "edge", "email", "monitoring", "traffic"] as const;
export type StackKind = (typeof STACK_KINDS)[number];

export function stackName(kind: StackKind, env: string): string {
  return `${kind}-${env}`;
}
