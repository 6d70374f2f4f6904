import { join } from "node:path";
import { escapeRegExp } from "../../lib/core/regexp";
import { COMPRESSED_FORMS, COMPRESSED_LOOK_ALIKES, UNINFLATABLE_FORMS } from "./compressed-forms";
import { PLANTED_GH_TOKEN } from "./planted-files";
import { planted } from "./planted-repository";

// A token in a raw zlib stream or a PDF's FlateDecode stream (compressed-forms.ts), planted in the
// shared repository (planted-repository.ts) and scanned once: inflated and scanned, or refused.

describe("secret-scan gate: zlib streams and PDF FlateDecode streams", () => {
  /** The lines naming `file` of the tree and `file` in a commit's folder (`<tmp>/<commit>/<file>`). */
  const named = (file: string, says: string) => {
    const { dir, run } = planted();
    return {
      file,
      tree: run.out.includes(`secret-scan: ${join(dir, file)}: ${says}`),
      history: new RegExp(`secret-scan: \\S+/[0-9a-f]{12}/${escapeRegExp(`${file}: ${says}`)}`).test(run.out),
    };
  };

  test.each(Object.entries(COMPRESSED_FORMS))("fails on a token in %s, inflated, in the tree and in history", (file, [, kind]) => {
    expect(planted().run.code).toBe(1);
    expect(named(file, `found in its ${kind} text`)).toEqual({ file, tree: true, history: true });
    expect(planted().run.out).not.toContain(PLANTED_GH_TOKEN);
  });

  test.each(Object.entries(UNINFLATABLE_FORMS))(
    "refuses %s, a stream that does not inflate, in the tree and in history",
    (file, [, kind]) => {
      const says = `archive not scannable: ${kind}; list it in .secretlintignore after checking it`;
      expect(named(file, says)).toEqual({ file, tree: true, history: true });
    },
  );

  test("look-alikes pass: clean text in zlib and in a PDF beside an image stream, a text starting like a zlib header", () => {
    const { run } = planted();
    for (const file of Object.keys(COMPRESSED_LOOK_ALIKES)) expect([file, run.out.includes(file)]).toEqual([file, false]);
  });
});
