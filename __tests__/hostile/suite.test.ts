// Every spec of this folder in one jest file: see runSpecs.
import { runSpecs } from "../helpers/suite";

// Every hostile command line is refused before any API call; a run that reached one would fail here,
// since the stand-in throws naming itself, not the flag at fault. The stand-in for the Cloudflare SDK
// saves loading its ~1,000 modules when the cases load preflight and release.
jest.mock("cloudflare", () => ({
  __esModule: true,
  default: class Cloudflare {
    constructor() {
      throw new Error("the Cloudflare SDK is a stand-in in this test folder (see its suite.test.ts)");
    }
  },
}));

runSpecs(__dirname);
