import { z } from "zod";

/** The `email` section of an environment config. Placeholder until its issue lands. */
export const EmailConfig = z.strictObject({});
export type EmailConfig = z.infer<typeof EmailConfig>;
