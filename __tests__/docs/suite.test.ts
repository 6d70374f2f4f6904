// Every spec of this folder in one jest file: see runSpecs.
import { runSpecs } from "../helpers/suite";

// No spec here calls an API: a stand-in for the Cloudflare SDK saves loading its ~1,000 modules when
// `golive help preflight|release` (commands.spec.ts) loads those commands for their usage texts.
jest.mock("cloudflare", () => ({
  __esModule: true,
  default: class Cloudflare {
    constructor() {
      throw new Error("the Cloudflare SDK is a stand-in in this test folder (see its suite.test.ts)");
    }
  },
}));

runSpecs(__dirname);
