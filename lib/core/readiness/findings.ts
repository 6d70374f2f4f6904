/** Where a finding points: a synthesized resource, a config field, or a repository file. */
export type FindingLocation =
  | { readonly kind: "resource"; readonly stack: string; readonly file: string; readonly address: string; readonly path: string }
  | { readonly kind: "stack"; readonly stack: string; readonly file: string }
  | { readonly kind: "config"; readonly file: string; readonly path: string }
  | { readonly kind: "repo"; readonly file: string };

export interface Finding {
  /** What failed, naming the resource or field; never contains a secret value. */
  readonly message: string;
  readonly location: FindingLocation;
}
