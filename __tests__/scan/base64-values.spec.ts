import { escapeRegExp } from "../../lib/core/regexp";
import { BASE64_FORMS, BASE64_LOOK_ALIKES, BASE64_SECRETS } from "./base64-forms";
import { planted } from "./planted-repository";

// Credentials committed base64-encoded (base64-forms.ts), planted in the shared repository
// (planted-repository.ts) and scanned once: decoded and scanned as text, named as found in a file's
// base64 text (scripts/secret-scan-base64.mjs).

describe("secret-scan gate: credentials committed base64-encoded", () => {
  /** Whether the run names `file` of the tree and of a commit as found in its base64 text. */
  const named = (file: string) => {
    const { dir, run } = planted();
    const says = `: found in its base64 text`;
    return {
      tree: run.out.includes(`secret-scan: ${dir}/${file}${says}`),
      history: new RegExp(`secret-scan: \\S+/[0-9a-f]{12}/${escapeRegExp(file)}${says}`).test(run.out),
    };
  };

  test.each(Object.keys(BASE64_FORMS))("fails on %s, decoded, in the tree and in the commit that added it", (file) => {
    expect(planted().run.code).toBe(1);
    expect(named(file)).toEqual({ tree: true, history: true });
  });

  test("never prints a planted credential", () => {
    for (const secret of BASE64_SECRETS) expect(planted().run.out).not.toContain(secret);
  });

  test.each(Object.keys(BASE64_LOOK_ALIKES))("passes %s: a certificate, settings or a digest", (file) => {
    expect(planted().run.out).not.toContain(file);
  });
});
