import type { Command } from "../types";
import { synthCommand } from "./synth";

/** Every CLI command, in the order `golive --help` lists them. */
export const COMMANDS: readonly Command[] = [synthCommand];
