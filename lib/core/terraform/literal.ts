/**
 * Terraform reads every string of its JSON configuration as a template: `${...}` is an expression and
 * `%{...}` a directive, evaluated at plan time (`${file("~/.aws/credentials")}` in a DNS record's
 * content would publish the runner's credentials). Text that must reach Terraform as written is escaped
 * (`$${`, `%%{`), and read back with the escapes removed.
 */

/** `text` as a Terraform string literal: no expression or directive in it is ever evaluated. */
export function terraformLiteral(text: string): string {
  // Replacement functions, not strings: in a replacement string `$$` itself means one `$`.
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** The text a Terraform string literal stands for: `$${` and `%%{` back to `${` and `%{`. */
export function fromTerraformLiteral(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}
