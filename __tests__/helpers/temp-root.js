// One temporary folder per jest run, holding every folder the tests make (os.tmpdir() reads TMPDIR, which
// jest's workers inherit from this process), removed when the run ends: repeated runs never fill the
// system's temp folder. The `setup` and `teardown` of jest.config.js.
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const KEY = "GOLIVE_TEST_TEMP_ROOT";

function setup() {
  const root = mkdtempSync(join(tmpdir(), "golive-tests-"));
  process.env[KEY] = root;
  process.env.TMPDIR = root;
}

function teardown() {
  const root = process.env[KEY];
  if (root) rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}

module.exports = { setup, teardown };
