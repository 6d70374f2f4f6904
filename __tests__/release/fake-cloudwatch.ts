import { createServer, type Server } from "node:http";
import { listenOnLoopback } from "../helpers/loopback";

export interface FakeAlarm {
  readonly AlarmName: string;
  readonly StateValue: "OK" | "ALARM" | "INSUFFICIENT_DATA";
  readonly StateReason?: string;
  /** Its ARN as answered; null: none. @default arn:aws:cloudwatch:us-east-1:<the fake's accountId>:alarm:<AlarmName> */
  readonly AlarmArn?: string | null;
}

export interface FakeCloudWatch {
  readonly endpoint: string;
  /** Every DescribeAlarms request body received. */
  readonly requests: Record<string, unknown>[];
  alarms: FakeAlarm[];
  /** The account of the credentials, in the ARNs it answers (moto's default is 123456789012). @default "111111111111", the example config's */
  accountId: string;
  /** Answer with this HTTP status and error instead (e.g. 403 AccessDenied). */
  failWith?: { status: number; type: string; message: string };
  /** Called with the request's number (1 for the first) before it is answered: change `alarms` or `failWith` mid-run. */
  beforeAnswer?: (request: number) => void;
  close(): Promise<void>;
}

/**
 * A CloudWatch stand-in on 127.0.0.1 speaking the AWS JSON 1.0 protocol the SDK uses
 * (`X-Amz-Target: GraniteServiceVersion20100801.DescribeAlarms`), filtering by name prefix and state and
 * paging two alarms at a time, so a client that ignores NextToken misses alarms.
 */
export async function startFakeCloudWatch(alarms: FakeAlarm[] = [], accountId = "111111111111"): Promise<FakeCloudWatch> {
  const fake: Omit<FakeCloudWatch, "endpoint" | "close"> & { server?: Server } = { requests: [], alarms, accountId };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      fake.requests.push({ target: req.headers["x-amz-target"], ...body });
      fake.beforeAnswer?.(fake.requests.length);
      res.setHeader("content-type", "application/x-amz-json-1.0");
      if (fake.failWith) {
        res.statusCode = fake.failWith.status;
        res.end(JSON.stringify({ __type: fake.failWith.type, message: fake.failWith.message }));
        return;
      }
      const prefix = String(body.AlarmNamePrefix ?? "");
      const matching = fake.alarms.filter((a) => a.AlarmName.startsWith(prefix) && (!body.StateValue || a.StateValue === body.StateValue));
      const start = Number(body.NextToken ?? 0);
      const page = matching
        .slice(start, start + 2)
        .map(({ AlarmArn, ...a }) =>
          AlarmArn === null ? a : { ...a, AlarmArn: AlarmArn ?? `arn:aws:cloudwatch:us-east-1:${fake.accountId}:alarm:${a.AlarmName}` },
        );
      res.end(JSON.stringify({ MetricAlarms: page, ...(start + 2 < matching.length ? { NextToken: String(start + 2) } : {}) }));
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return Object.assign(fake, { endpoint: `http://127.0.0.1:${port}`, close });
}
