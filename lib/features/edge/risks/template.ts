/**
 * A string Terraform evaluates where the provider's schema wants a list or a boolean (`"${[]}"`,
 * `"${false}"`, a reference): only a configuration diff has one, since a plan holds evaluated values
 * (an unknown one is the plan's own marker). The rules cannot see what it evaluates to, so a protective
 * value replaced by one is flagged.
 */
export function templateText(value: unknown): string | undefined {
  return typeof value === "string" && value.includes("${") ? value : undefined;
}
