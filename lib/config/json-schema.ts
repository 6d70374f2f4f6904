import { z } from "zod";
import { AppConfig } from "./schema";

/** JSON Schema for editors (yaml-language-server, VS Code), generated from the zod schema. */
export function appConfigJsonSchema(): string {
  const schema = z.toJSONSchema(AppConfig, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "golive environment config" }, null, 2)}\n`;
}
