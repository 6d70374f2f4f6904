import { PLANTED_KEY_ID } from "./planted-files";

// What secretlint skips, and what is state, in another letter case than .secretlintignore and the state
// test spell them. secretlint's ignore matching (globby's `ignore` package) is case-insensitive, so
// /coverage/ also skips COVERAGE/; a gate that matched case-sensitively neither scanned nor refused these.
// Planted in the shared repository (planted-repository.ts), tracked and committed; asserted by
// letter-case.spec.ts. Values are built at run time: the gate scans this file.

const credentials = `[default]\naws_access_key_id = ${PLANTED_KEY_ID}\n`;
const j = (...parts: string[]) => parts.join("");
/**
 * A service token's secret in a form no secretlint rule reads (not the 64 hex digits of a real one,
 * which the Access pattern finds under client_secret): the state-file refusal is its only check.
 */
const CLIENT_SECRET = j("golive-case-", "client-secret-", "9b3e1d");
const accessTokenState = JSON.stringify({
  version: 4,
  resources: [
    {
      type: "cloudflare_zero_trust_access_service_token",
      name: "ci",
      instances: [{ attributes: { client_id: `${"ab12".repeat(8)}.access`, client_secret: CLIENT_SECRET } }],
    },
  ],
});

/** Files under a path .secretlintignore skips, spelt in another case: secretlint never reads them. */
export const SKIPPED_IN_ANOTHER_CASE: Readonly<Record<string, string | Buffer>> = {
  "COVERAGE/creds.txt": credentials, // /coverage/
  "COVERAGE/creds.bin": Buffer.concat([Buffer.from([0, 0, 0]), Buffer.from(credentials)]), // binary: not decoded either
  "Package-Lock.json": JSON.stringify({ packages: { "": { aws_access_key_id: PLANTED_KEY_ID } } }), // /package-lock.json
  "modules/.TERRAFORM/credentials": credentials, // **/.terraform/
  "CDKTF.OUT/stacks/edge/cdk.tf.json": JSON.stringify({ locals: { key: PLANTED_KEY_ID } }), // /cdktf.out/
};

/** State files whose extension is in upper case (*.tfstate, *.tfstate.* in another spelling). */
export const STATE_IN_ANOTHER_CASE: Readonly<Record<string, string>> = {
  "upper.TFSTATE": accessTokenState,
  "stacks/prod.TFSTATE.json": accessTokenState,
};

/** What the files hold: the scan's output must never show one. */
export const LETTER_CASE_SECRETS: readonly string[] = [PLANTED_KEY_ID, CLIENT_SECRET];
