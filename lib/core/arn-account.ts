/**
 * The account an ARN of `service`'s `resourceType` names (arn:<partition>:<service>:<region>:<account>:
 * <resourceType>:<name>), or undefined when it is no such ARN: what golive reads back before trusting an
 * answer (a secret written, an alarm read) to be the environment's account. Both words are golive's own
 * (letters only), so they go into the pattern as they are.
 */
export function accountOfArn(arn: string | undefined, service: string, resourceType: string): string | undefined {
  return new RegExp(`^arn:[a-z-]+:${service}:[a-z0-9-]+:(\\d{12}):${resourceType}:.`).exec(arn ?? "")?.[1];
}
