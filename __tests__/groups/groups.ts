/**
 * The test folders, grouped into two CPU-bound jest files for the full run (scripts/test.sh sets
 * GOLIVE_TEST_GROUPS=1; jest.config.js runs a worker per file on the two cores, and a third for the
 * folders' wait-bound specs, helpers/suite.ts). Each jest file pays for loading cdktf, the providers and
 * the config schema, and for its first synth of the examples, once.
 * Three files on three workers used to fill the time the others waited on child processes; once most
 * of those processes ran in-process (2026-12-02), a third file cost more than it filled. Measured that
 * day, test.sh's part after the install, two files and three in turn: 99 and 94 s, 184 and 171 CPU-s;
 * 97 and 102 s, 186 and 195 CPU-s (jest alone: 149-161 CPU-s against 164-176); later, at a slower
 * hour, 102 and 96 s, 188 and 178 CPU-s against 109 s, 208 CPU-s.
 * The two must take about as long: a new folder goes in the one that finishes first (jest prints each
 * file's time). On 2026-12-03 commands took 104 s against review's 75 (the release watch's process
 * tests had grown), so init, iam and ci-access moved to review; at 14:30 commands took 119 s against
 * review's 104 (the release folder's new API-fault process tests, 62 s of it), so secrets (7 s) moved
 * too. That afternoon most of those process tests ran in-process again (commands 95 s, review 107), so
 * secrets came back; then the wait-bound specs got a jest file of their own (helpers/suite.ts: commands
 * 77 s, review 94, waits 31), so init and email moved to commands. Every folder with a suite.test.ts is in exactly one group (checked by
 * __tests__/architecture/test-groups.spec.ts), so none is left out of CI.
 */
export const TEST_GROUPS = {
  commands: [
    "cli",
    "checks",
    "platform",
    "runbooks",
    "docs",
    "release",
    "architecture",
    "config",
    "monitoring",
    "state",
    "zone",
    "outputs",
    "secrets",
    "init",
    "email",
  ],
  review: ["workflows", "plan", "scan", "synth", "hostile", "preflight", "edge", "verify", "iam", "ci-access"],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type TestGroup = keyof typeof TEST_GROUPS;
