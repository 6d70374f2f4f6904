/**
 * The test folders, grouped into a few jest files for the full run (scripts/test.sh sets
 * GOLIVE_TEST_GROUPS=1; jest.config.js). Each jest file pays for loading cdktf, the providers and the
 * config schema once; 25 folder files paid it 25 times. Groups are balanced by CPU time so two workers
 * finish together. Every folder with a suite.test.ts is in exactly one group (checked by
 * __tests__/architecture/test-groups.spec.ts), so a new folder cannot be left out of CI.
 */
export const TEST_GROUPS = {
  commands: ["cli", "hostile", "docs", "runbooks"],
  "synth-and-config": ["synth", "config", "init", "outputs", "architecture", "domain", "platform"],
  "plan-and-scan": ["plan", "scan"],
  "release-and-traffic": ["release", "traffic", "verify", "preflight"],
  "edge-email-monitoring": ["edge", "email", "monitoring", "workflows"],
  "access-and-readiness": ["checks", "iam", "secrets", "state"],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type TestGroup = keyof typeof TEST_GROUPS;
