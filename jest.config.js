/** Jest: swc strips types (fast); `npm run typecheck` is the type gate. */

// The full run (scripts/test.sh sets GOLIVE_TEST_GROUPS=1) runs the folders in a few grouped files
// (__tests__/groups/groups.ts); otherwise each folder's suite.test.ts is its own file, so
// `npx jest __tests__/edge` runs one folder.
const grouped = process.env.GOLIVE_TEST_GROUPS === "1";

module.exports = {
  // GOLIVE_TEST_CPU_LOG=<file>: each spec's CPU, its own and its child processes', appended to <file>
  // (__tests__/helpers/cpu-environment.js; docs/testing.md).
  testEnvironment: process.env.GOLIVE_TEST_CPU_LOG ? "<rootDir>/__tests__/helpers/cpu-environment.js" : "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: grouped ? ["<rootDir>/__tests__/groups/*.test.ts"] : ["<rootDir>/__tests__/*/suite.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  // Tokens skip their creation stack traces under jest, and each `terraform version` check runs once per
  // test file (see the files): synthesized JSON is unchanged.
  setupFiles: ["<rootDir>/__tests__/helpers/cheap-creation-stacks.ts", "<rootDir>/__tests__/helpers/terraform-version-once.ts"],
  testTimeout: 60000,
  // Every temporary folder of the run under one, removed at its end (__tests__/helpers/temp-root.js).
  globalSetup: "<rootDir>/__tests__/helpers/temp-root-setup.js",
  globalTeardown: "<rootDir>/__tests__/helpers/temp-root-teardown.js",
  // Two cores, two CPU-bound group files and the wait-bound one (__tests__/groups/groups.ts,
  // __tests__/helpers/suite.ts): a worker each, so the waits hold no group's worker idle; jest's default
  // (cores - 1) would run one file at a time.
  maxWorkers: 3,
};
