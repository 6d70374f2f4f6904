// Every spec of this folder in one jest file: see runSpecs.
import { runSpecs } from "../helpers/suite";

runSpecs(__dirname);
