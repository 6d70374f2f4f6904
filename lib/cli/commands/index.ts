import type { Command } from "../types";
import { planReportCommand } from "./plan-report";
import { releaseCommand } from "./release";
import { synthCommand } from "./synth";
import { zoneCommand } from "./zone";
import { verifyCommand } from "./verify";

/** Every CLI command, in the order `golive --help` lists them. */
export const COMMANDS: readonly Command[] = [synthCommand, verifyCommand, releaseCommand, zoneCommand, planReportCommand];
