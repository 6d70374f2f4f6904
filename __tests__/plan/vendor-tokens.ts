// One example of each vendor credential kind the shared set (lib/core/secret-patterns.json) gained from
// gitleaks' default rules, by pattern name, with what GL-SEC-004 calls it. Assembled at run time: the
// repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const rep = (alphabet: string, n: number) => Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join("");
const ALNUM = "aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY";
const HEX = "0123456789abcdef";

export const VENDOR_TOKENS: Readonly<Record<string, { readonly token: string; readonly kind: string }>> = {
  "age secret key (AGE-SECRET-KEY-1)": {
    token: j("AGE-SECRET", "-KEY-1", rep("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)),
    kind: "an age secret key",
  },
  "Pulumi access token (pul-)": { token: j("pu", "l-", rep(HEX, 40)), kind: "a Pulumi access token" },
  "Postman API key (PMAK-)": { token: j("PM", "AK-", rep(HEX, 24), "-", rep(HEX, 34)), kind: "a Postman API key" },
  "HCP Terraform / Terraform Enterprise API token (.atlasv1.)": {
    token: j(rep("abcdefghijklmnopqrstuvwxyz0123456789", 14), ".atlas", "v1.", rep(`${ALNUM}_-`, 67)),
    kind: "a Terraform Cloud API token",
  },
  "xAI API key (xai-)": { token: j("xa", "i-", rep(ALNUM, 80)), kind: "an xAI API key" },
  "Replicate API token (r8_)": { token: j("r", "8_", rep(ALNUM, 37)), kind: "a Replicate API token" },
  "Google OAuth access token (ya29.)": { token: j("ya", "29.", "a0", rep(`${ALNUM}_-`, 150)), kind: "a Google OAuth access token" },
  "Pinecone API key (pcsk_)": { token: j("pc", "sk_", rep(ALNUM, 6), "_", rep(ALNUM, 63)), kind: "a Pinecone API key" },
  "LangSmith API key (lsv2_pt_, lsv2_sk_)": { token: j("lsv2", "_pt_", rep(HEX, 32), "_", rep(HEX, 10)), kind: "a LangSmith API key" },
  "Telegram bot token (<bot id>:A...)": { token: j("7012345678", ":AA", rep(`${ALNUM}_-`, 33)), kind: "a Telegram bot token" },
  "New Relic user API key (NRAK-)": {
    token: j("NR", "AK-", rep("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 27)),
    kind: "a New Relic API key",
  },
};
