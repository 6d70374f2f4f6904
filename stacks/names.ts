/** Stack kinds, one per blast radius. Stack names are `<kind>-<env>`: `cdktf deploy edge-production`. */
export const STACK_KINDS = ["edge", "email", "secrets", "traffic", "monitoring"] as const;
export type StackKind = (typeof STACK_KINDS)[number];

export function stackName(kind: string, env: string): string {
  return `${kind}-${env}`;
}
