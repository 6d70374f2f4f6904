// Terraform state under a name the gate did not take for state (the audit's terraform.tfstate~, an
// editor's backup) or under any name (state pulled into a .json, also one .gitattributes calls binary),
// holding an Access client secret; then
// files that share a word or a key with state and are none. Planted in the shared repository of
// planted-repository.ts, asserted by state-content.spec.ts. Every value is built at run time: the gate
// scans this file.
const j = (...parts: string[]) => parts.join("");
const CLIENT_SECRET = j("golive-state-", "client-secret-", "4f2a9c");

/** A state file as `terraform state pull` writes it, holding an Access service token's client secret. */
const state = JSON.stringify(
  {
    version: 4,
    terraform_version: "1.9.8",
    serial: 12,
    lineage: "5e0c3801-c889-5fe8-3408-e6e2ba45fb7e",
    outputs: {},
    resources: [
      {
        type: "cloudflare_zero_trust_access_service_token",
        name: "ci",
        instances: [{ attributes: { client_id: "ci.access", [j("client", "_secret")]: CLIENT_SECRET } }],
      },
    ],
  },
  null,
  2,
);

/** What STATE_FORMS hold: the scan must never print it. */
export const STATE_SECRETS: readonly string[] = [CLIENT_SECRET];

/** Named as state (.tfstate and anything after it). */
export const STATE_BY_NAME: Readonly<Record<string, string>> = {
  "terraform.tfstate~": state,
  "edge/terraform.tfstate-20261204": state,
};

/** `text` as UTF-16 with its byte order mark, little-endian (PowerShell's `>` writes it) or big-endian. */
function utf16(text: string, bigEndian = false): Buffer {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  return bigEndian ? le.swap16() : le;
}

/**
 * State under a name that says nothing: told by its content (terraform_version and lineage), also
 * saved as UTF-16 with a byte order mark, which grep took for binary and never read.
 */
export const STATE_BY_CONTENT: Readonly<Record<string, string | Buffer>> = {
  "backups/edge-production.json": state,
  "backups/prod.old": state,
  "backups/pulled-utf16le.json": utf16(state),
  "backups/pulled-utf16be.json": utf16(state, true),
};

/**
 * State a .gitattributes line calls binary (`backup.json binary`): git grep -I skipped it in the tree,
 * while its content is plain JSON. The attributes file goes with it (STATE_ATTRIBUTES).
 */
export const STATE_MARKED_BINARY: Readonly<Record<string, string>> = { "backups/marked/backup.json": state };
export const STATE_ATTRIBUTES: Readonly<Record<string, string>> = { "backups/marked/.gitattributes": "backup.json binary\n" };

/** Files sharing a word or a key with state and holding none: none may be refused. */
const plan = JSON.stringify({ format_version: "1.2", terraform_version: "1.9.8", resource_changes: [] });
export const STATE_LOOK_ALIKES: Readonly<Record<string, string | Buffer>> = {
  // a plan: terraform_version, but no lineage; also in UTF-16
  "plans/edge.plan.json": plan,
  "plans/edge-utf16.plan.json": utf16(plan),
  // code and notes about state, by name
  "lib/tfstate-reader.ts": "export const STATE_SUFFIX = 'tfstate';\n",
  "docs/tfstate.md": "State lives in the S3 backend; never commit a tfstate file.\n",
  // lineage in another sense
  "docs/lineage.json": JSON.stringify({ lineage: "a data lineage graph", version: 2 }),
};
