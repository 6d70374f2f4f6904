import { z } from "zod";

/** The `monitoring` section of an environment config. Placeholder until its issue lands. */
export const MonitoringConfig = z.strictObject({});
export type MonitoringConfig = z.infer<typeof MonitoringConfig>;
