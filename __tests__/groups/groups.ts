/**
 * The test folders, grouped into three jest files for the full run (scripts/test.sh sets
 * GOLIVE_TEST_GROUPS=1; jest.config.js runs three workers on the two cores). Each jest file pays for
 * loading cdktf, the providers and the config schema, and for its first synth of the examples, once;
 * a third file fills the time the others wait on child processes, local servers and timers:
 * 2026-12-02, 2,681 tests on 2 cores, two files 108 s of jest, three 88 s, four 84 s (more CPU); with
 * 3,062 tests the three took 83, 84 and 84 s once `init` moved to release and `edge` to review; after
 * the check got faster, `init` and `secrets` went to commands, `monitoring`, `state` and `traffic` to
 * release (79/84/85 s before `traffic` moved). `traffic`'s specs now live in `release` (the concern's one
 * name) and `domain`'s in `edge` (the code they test, two pure specs of milliseconds). `ci-access` holds
 * the access stack's specs that were `secrets`' (same group, same time).
 * The three must take about as long: a new folder goes in the one that finishes first (jest prints each
 * file's time). Every folder with a suite.test.ts is in exactly one group (checked by
 * __tests__/architecture/test-groups.spec.ts), so none is left out of CI.
 */
export const TEST_GROUPS = {
  commands: ["cli", "verify", "checks", "iam", "platform", "runbooks", "docs", "init", "secrets", "ci-access"],
  release: ["release", "plan", "synth", "architecture", "config", "monitoring", "state"],
  review: ["scan", "workflows", "hostile", "preflight", "email", "edge", "zone", "outputs"],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type TestGroup = keyof typeof TEST_GROUPS;
