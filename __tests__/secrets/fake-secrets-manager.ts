import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { listenOnLoopback } from "../helpers/loopback";

export interface ReceivedCall {
  readonly target: string;
  readonly body: Record<string, unknown>;
}

export interface FakeSecretsManager {
  readonly endpoint: string;
  readonly port: number;
  readonly calls: ReceivedCall[];
  close(): Promise<void>;
}

/**
 * How the fake answers: a normal PutSecretValue response; an error whose message echoes the request
 * body (400); an HTML 500; a 200 that is not JSON; or, once the whole request arrived, nothing at all
 * (hang) or a closed connection (reset). The last four leave a write's outcome unknown to the client.
 */
export type FakeMode = "ok" | "error-echoing-value" | "server-error" | "unreadable-ok" | "hang" | "reset";

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === "object" && body !== null ? { ...body } : {};
  } catch {
    return {}; // another service's request (a CloudWatch client pointed here): recorded, not understood
  }
}

export interface FakeOptions {
  /** The error mode's message from the SecretString sent. @default `rejected SecretString <value>` */
  readonly echo?: (secretString: string) => string;
  /** The account in the ARNs it answers, that of the credentials (moto's default is 123456789012). @default "111111111111", the example config's */
  readonly accountId?: string;
  /** DescribeSecret's answer: the secret's ARN and name (whatever the mode), one without an ARN, or not found (400). @default "found" */
  readonly describe?: "found" | "no-arn" | "not-found";
  /** DescribeSecret's VersionIdsToStages (a failed rotation leaves AWSPENDING on another version). @default absent */
  readonly stages?: Record<string, string[]>;
}

/** The PutSecretValue calls among `calls` (secrets put sends DescribeSecret first). */
export function writes(calls: readonly ReceivedCall[]): ReceivedCall[] {
  return calls.filter((c) => c.target === "secretsmanager.PutSecretValue");
}

/** The ARN of the secret a SecretId (a name or an ARN) names, in `account`, with the random suffix Secrets Manager adds. */
function secretArn(secretId: unknown, account: string): string {
  const id = String(secretId);
  return id.startsWith("arn:") ? id : `arn:aws:secretsmanager:eu-west-1:${account}:secret:${id}-AbCdEf`;
}

/** DescribeSecret's answer: the ARN, the name and, when given, the versions' stages. */
function answerDescribe(res: ServerResponse, body: Record<string, unknown>, options: FakeOptions): void {
  const account = options.accountId ?? "111111111111";
  if (options.describe === "not-found") {
    res.statusCode = 400;
    res.end(JSON.stringify({ __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." }));
    return;
  }
  res.statusCode = 200;
  res.end(
    JSON.stringify({
      ...(options.describe === "no-arn" ? {} : { ARN: secretArn(body.SecretId, account) }),
      Name: body.SecretId,
      ...(options.stages ? { VersionIdsToStages: options.stages } : {}),
    }),
  );
}

/**
 * A Secrets Manager stand-in on 127.0.0.1 speaking its JSON 1.1 protocol. The error mode is hostile
 * on purpose: it puts the submitted value (or what `echo` makes of it) into the error message, which the
 * CLI must still not print.
 */
export async function startFakeSecretsManager(mode: FakeMode, options: FakeOptions = {}): Promise<FakeSecretsManager> {
  const calls: ReceivedCall[] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const body = parseBody(text);
      const target = String(req.headers["x-amz-target"] ?? "");
      calls.push({ target, body });
      res.setHeader("content-type", "application/x-amz-json-1.1");
      // secrets put describes the secret before it writes: the mode is the write's (or another service's call's)
      if (target === "secretsmanager.DescribeSecret") return answerDescribe(res, body, options);
      if (mode === "hang") return;
      if (mode === "reset") return req.socket.destroy();
      if (mode === "ok") {
        res.statusCode = 200;
        res.end(
          JSON.stringify({
            ARN: secretArn(body.SecretId, options.accountId ?? "111111111111"),
            Name: body.SecretId,
            VersionId: body.ClientRequestToken,
            VersionStages: ["AWSCURRENT"],
          }),
        );
      } else if (mode === "server-error") {
        res.statusCode = 500;
        res.setHeader("content-type", "text/html");
        res.end("<html>internal error</html>");
      } else if (mode === "unreadable-ok") {
        res.statusCode = 200;
        res.end("stored, probably");
      } else {
        res.statusCode = 400;
        res.setHeader("x-amzn-errortype", "InvalidRequestException");
        const sent = String(body.SecretString);
        res.end(
          JSON.stringify({
            __type: "InvalidRequestException",
            message: options.echo ? options.echo(sent) : `rejected SecretString ${sent}`,
          }),
        );
      }
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return { endpoint: `http://127.0.0.1:${port}`, port, calls, close };
}
