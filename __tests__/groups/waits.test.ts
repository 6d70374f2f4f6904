// The full run's wait-bound specs (*.wait.spec.ts of every folder) in one jest file on a worker of their
// own (helpers/suite.ts says why).
import { runWaits } from "../helpers/suite";

runWaits();
