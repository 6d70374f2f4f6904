// Every spec of this folder in one jest file: see runSpecs.
import { runSpecs } from "../helpers/suite";

// In-process, no spec here calls the Cloudflare API (the break-glass rollback against the API stand-in
// runs bin/golive.js as a process, with the real SDK): a stand-in for the SDK saves loading its ~1,000
// modules when commands.spec.ts and the in-process runs load preflight and release. It throws if used.
jest.mock("cloudflare", () => ({
  __esModule: true,
  default: class Cloudflare {
    constructor() {
      throw new Error("the Cloudflare SDK is a stand-in in this test folder (see its suite.test.ts)");
    }
  },
}));

runSpecs(__dirname);
