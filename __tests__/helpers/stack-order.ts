/**
 * The production example's stacks in deploy order, as `golive stacks` prints them. Written out, not
 * derived from STACK_KINDS, so a test fails when the order changes (the registry pins the kinds in
 * __tests__/architecture/registry.spec.ts).
 */
export const PRODUCTION_STACK_ORDER = [
  "bootstrap-production",
  "access-production",
  "secrets-production",
  "edge-production",
  "email-production",
  "monitoring-production",
  "traffic-production",
] as const;
