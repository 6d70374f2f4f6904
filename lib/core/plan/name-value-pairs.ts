/**
 * Name/value pairs (`{name: "DB_PASSWORD", value: X}`: ECS and Lambda environments, SSM, tags, headers):
 * the value's own key says nothing, the pair's name does, so the value stands under that name.
 */
import { isRecord } from "../json";
import { isSecretName } from "./secret-names";

/** Keys naming the value of a `{name: "DB_PASSWORD", value: "…"}` pair (ECS and Lambda environments, SSM, tags). */
const PAIR_NAMES = ["name", "Name", "key", "Key", "ParameterKey", "header"] as const;
/** `valueFrom` (ECS secrets: an ARN, which stays) and CloudFormation's `ParameterValue` too. */
const PAIR_VALUES: ReadonlySet<string> = new Set(["value", "Value", "valueFrom", "ParameterValue"]);
/** Headers whose value is a credential (`{header: "Authorization", value: …}`). */
const CREDENTIAL_HEADER = /^(?:proxy-)?authorization$|^cookie$/i;
/** The secret name such a header's value stands under (`authorization` alone is no secret name: API Gateway's `authorization = "NONE"`). */
const CREDENTIAL_HEADER_NAME = "header credential";

/**
 * The name a value is stored under: its key, or for the value of a name/value pair the pair's name, so
 * `{name: "DB_PASSWORD", value: X}` hides X as `{DB_PASSWORD: X}` does. `others` are more versions of
 * the same object (before and after a change): a secret name in any of them counts.
 */
export function pairedName(record: Readonly<Record<string, unknown>>, key: string, others: readonly unknown[] = []): string {
  if (!PAIR_VALUES.has(key)) return key;
  for (const r of [record, ...others])
    if (isRecord(r))
      for (const n of PAIR_NAMES) {
        const name = r[n];
        if (typeof name === "string" && isSecretName(name)) return name;
        if (typeof name === "string" && CREDENTIAL_HEADER.test(name)) return CREDENTIAL_HEADER_NAME;
      }
  return key;
}
