import { createServer, type IncomingMessage, type Server } from "node:http";
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
      calls.push({ target: String(req.headers["x-amz-target"] ?? ""), body });
      if (mode === "hang") return;
      if (mode === "reset") return req.socket.destroy();
      res.setHeader("content-type", "application/x-amz-json-1.1");
      if (mode === "ok") {
        res.statusCode = 200;
        res.end(
          JSON.stringify({
            ARN: `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${String(body.SecretId)}-AbCdEf`,
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
