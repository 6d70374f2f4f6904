import { createServer, type IncomingMessage, type Server } from "node:http";
import { listenOnLoopback } from "../helpers/loopback";

export interface ReceivedCall {
  readonly target: string;
  readonly body: Record<string, unknown>;
}

export interface FakeSecretsManager {
  readonly endpoint: string;
  readonly calls: ReceivedCall[];
  close(): Promise<void>;
}

/** How the fake answers: a normal PutSecretValue response, or an error whose message echoes the request body. */
export type FakeMode = "ok" | "error-echoing-value";

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * A Secrets Manager stand-in on 127.0.0.1 speaking its JSON 1.1 protocol. The error mode is hostile
 * on purpose: it puts the submitted value into the error message, which the CLI must still not print.
 */
export async function startFakeSecretsManager(mode: FakeMode): Promise<FakeSecretsManager> {
  const calls: ReceivedCall[] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const body: Record<string, unknown> = JSON.parse(text);
      calls.push({ target: String(req.headers["x-amz-target"] ?? ""), body });
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
      } else {
        res.statusCode = 400;
        res.setHeader("x-amzn-errortype", "InvalidRequestException");
        res.end(JSON.stringify({ __type: "InvalidRequestException", message: `rejected SecretString ${String(body.SecretString)}` }));
      }
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return { endpoint: `http://127.0.0.1:${port}`, calls, close };
}
