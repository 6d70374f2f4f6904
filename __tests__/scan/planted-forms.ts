import { planted, plantedFinding } from "./planted-repository";

/** Files holding a secret in the forms one scenario names, their look-alikes, and the secrets planted. */
export interface PlantedForms {
  /** Each file holds a secret the scan must fail, in the tree and in the commit that added it. */
  readonly forms: Readonly<Record<string, string>>;
  /** The same files and keys holding no secret: none may be named. */
  readonly lookAlikes: Readonly<Record<string, string>>;
  /** What `forms` hold: the scan's output must never show one. */
  readonly secrets: readonly string[];
  /** Why a look-alike passes, as the test names say it. */
  readonly lookAlikesPass: string;
}

/**
 * The tests every planted-forms scenario makes of the shared repository's one scan (planted-repository.ts):
 * each form fails in the tree and in history, no secret is printed, each look-alike passes both.
 */
export function plantedFormTests({ forms, lookAlikes, secrets, lookAlikesPass }: PlantedForms): void {
  test.each(Object.keys(forms))("fails on %s, in the tree and in the commit that added it", (file) => {
    expect(planted().run.code).toBe(1);
    expect(plantedFinding(file)).toEqual({ tree: true, history: true });
  });

  test("never prints a planted secret", () => {
    for (const secret of secrets) expect(planted().run.out).not.toContain(secret);
  });

  test.each(Object.keys(lookAlikes))(`passes %s: ${lookAlikesPass}`, (file) => {
    expect(plantedFinding(file)).toEqual({ tree: false, history: false });
  });
}
