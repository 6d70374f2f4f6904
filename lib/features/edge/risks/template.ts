import { isTemplate } from "../../../platform/risks";

/** The template text of `value` (isTemplate), or undefined: what the edge rules quote in their flags. */
export function templateText(value: unknown): string | undefined {
  return isTemplate(value) ? value : undefined;
}
