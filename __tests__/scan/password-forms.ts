// A password literal where a config or Terraform file spells one out: a JSON settings file, a Terraform
// or HCL argument, TOML, an INI or .properties file (the issue 13 re-audit's misses: only YAML was
// read). Then the same files holding a reference, a placeholder, an interpolation or a type name.
// Planted in the shared repository of planted-repository.ts, asserted by password-forms.spec.ts. Every
// value is built at run time: the gate scans this file.
const j = (...parts: string[]) => parts.join("");
const JSON_PASSWORD = j("Zq8#", "mT2v", "Lr9x", "Wp4k");
const TF_PASSWORD = j("Zq8m", "T2vL", "r9xW", "p4kQ");
const INI_PASSWORD = j("Hx5n", "Pw3d", "Rt7c", "Kb1e");
const KEY = j("pass", "word");

/** What PASSWORD_FORMS hold: the scan must never print one. */
export const PASSWORD_SECRETS: readonly string[] = [JSON_PASSWORD, TF_PASSWORD, INI_PASSWORD];

/** Each file holds a password literal in one of the forms the scan must fail. */
export const PASSWORD_FORMS: Readonly<Record<string, string>> = {
  "app/settings.json": JSON.stringify({ database: { [KEY]: JSON_PASSWORD } }),
  "db/main.tf": `resource "aws_db_instance" "db" {\n  ${KEY} = "${TF_PASSWORD}"\n}\n`,
  "db/prod.tfvars": `db_${KEY} = "${TF_PASSWORD}"\n`,
  "app/config.toml": `[smtp]\nsmtp_${KEY} = '${TF_PASSWORD}'\n`,
  "app/db.ini": `[db]\nhost = db.internal\n${KEY} = ${INI_PASSWORD}\n`,
  "app/application.properties": `spring.datasource.${KEY}=${INI_PASSWORD}\n`,
};

/** The same files and keys holding no password: none may be named. */
export const PASSWORD_LOOK_ALIKES: Readonly<Record<string, string>> = {
  "app/settings.example.json": JSON.stringify({ database: { [KEY]: "changeme", [`${KEY}Policy`]: "strict" }, [`${KEY}_length`]: "24" }),
  // a schema describing the field, not a value of it
  "app/schema.json": JSON.stringify({ properties: { [KEY]: { type: "string" } } }),
  "db/vars.tf": `resource "aws_db_instance" "db" {\n  ${KEY} = var.db_${KEY}\n  master_${KEY} = "\${var.master}"\n}\n`,
  "db/dev.tfvars": `db_${KEY} = ""\n`,
  "app/empty.toml": `[smtp]\nsmtp_${KEY} = "<set in Secrets Manager>"\n`,
  "app/ref.ini": `[db]\n${KEY} = \${DB_${KEY.toUpperCase()}}\n`,
};
