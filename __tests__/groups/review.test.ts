// One jest file for several test folders in the full run (groups.ts says why and which).
import { runGroup } from "../helpers/suite";

runGroup("review");
