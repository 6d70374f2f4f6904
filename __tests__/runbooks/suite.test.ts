// Every spec of this folder in one jest file: see runSpecs.
import { runSpecs } from "../helpers/suite";

// No spec here calls an API: a stand-in for the Cloudflare SDK saves loading its ~1,000 modules when
// the runbook checker reads every command's usage text (preflight and release load the SDK).
jest.mock("cloudflare", () => ({
  __esModule: true,
  default: class Cloudflare {
    constructor() {
      throw new Error("the Cloudflare SDK is a stand-in in this test folder (see its suite.test.ts)");
    }
  },
}));

runSpecs(__dirname);
