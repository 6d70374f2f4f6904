/**
 * On Node 20 the AWS SDK prints an 8-line NodeVersionSupportWarning when it creates a client, though
 * golive supports Node 20. AWS documents this variable as the switch for that one warning
 * (https://github.com/aws/aws-sdk-js-v3/issues/7983); a value the user set is kept. Called by the
 * commands that create an AWS client, just before they do.
 */
export function quietAwsSdkNodeWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}
