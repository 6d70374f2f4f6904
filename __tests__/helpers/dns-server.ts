import { createSocket, type RemoteInfo, type Socket } from "node:dgram";

/** A record the test DNS server answers with. */
export interface TestRecord {
  readonly name: string;
  readonly type: "A" | "TXT" | "MX" | "CNAME";
  /** IPv4 address, TXT value (split into 255-byte strings on the wire), MX exchange or CNAME target. */
  readonly value: string;
  readonly priority?: number;
}

export interface TestDnsServer {
  readonly port: number;
  /** Mutable: tests change answers between runs. */
  records: TestRecord[];
  /** Queries answered SERVFAIL, as `"<type> <name>"` (e.g. "A gone.example.org"); mutable too. */
  failing: string[];
  close(): Promise<void>;
}

const TYPE_CODES: Record<TestRecord["type"], number> = { A: 1, CNAME: 5, MX: 15, TXT: 16 };

const typeName = (code: number): string =>
  (Object.keys(TYPE_CODES) as TestRecord["type"][]).find((t) => TYPE_CODES[t] === code) ?? (code === 28 ? "AAAA" : String(code));

function encodeName(name: string): Buffer {
  const labels = name
    .replace(/\.$/, "")
    .split(".")
    .filter((l) => l !== "");
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, "ascii")])), Buffer.from([0])]);
}

function rdata(r: TestRecord): Buffer {
  if (r.type === "A") return Buffer.from(r.value.split(".").map(Number));
  if (r.type === "CNAME") return encodeName(r.value);
  if (r.type === "MX") {
    const pref = Buffer.alloc(2);
    pref.writeUInt16BE(r.priority ?? 10);
    return Buffer.concat([pref, encodeName(r.value)]);
  }
  const bytes = Buffer.from(r.value, "utf8");
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const part = bytes.subarray(i, i + 255);
    chunks.push(Buffer.from([part.length]), part);
  }
  return Buffer.concat(chunks);
}

/** Reads the question (uncompressed, as resolvers send it); undefined for anything malformed. */
function parseQuestion(msg: Buffer): { name: string; type: number; end: number } | undefined {
  if (msg.length < 12 || msg.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let i = 12;
  while (i < msg.length) {
    const len = msg[i] as number;
    if (len === 0) break;
    if (len > 63) return undefined;
    labels.push(msg.subarray(i + 1, i + 1 + len).toString("ascii"));
    i += len + 1;
  }
  if (i + 5 > msg.length) return undefined;
  return { name: labels.join(".").toLowerCase(), type: msg.readUInt16BE(i + 1), end: i + 5 };
}

/** The answer to one query: the matching records, NXDOMAIN when the name has none at all. */
export function answer(msg: Buffer, records: readonly TestRecord[], failing: readonly string[] = []): Buffer | undefined {
  const q = parseQuestion(msg);
  if (!q) return undefined;
  const fails = failing.some((f) => f.toLowerCase() === `${typeName(q.type)} ${q.name}`.toLowerCase());
  const atName = fails ? [] : records.filter((r) => r.name.toLowerCase() === q.name);
  const matches = atName.filter((r) => TYPE_CODES[r.type] === q.type);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(msg.readUInt16BE(0), 0);
  // QR + AA, copy RD, RA; rcode 2 (SERVFAIL) when the query is to fail, 3 (NXDOMAIN) when nothing exists at the name.
  const rcode = fails ? 2 : atName.length === 0 ? 3 : 0;
  header.writeUInt16BE(0x8480 | (msg.readUInt16BE(2) & 0x0100) | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(matches.length, 6);
  const answers = matches.map((r) => {
    const data = rdata(r);
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // pointer to the question name
    fixed.writeUInt16BE(TYPE_CODES[r.type], 2);
    fixed.writeUInt16BE(1, 4); // IN
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(data.length, 10);
    return Buffer.concat([fixed, data]);
  });
  return Buffer.concat([header, msg.subarray(12, q.end), ...answers]);
}

/** A tiny authoritative UDP responder on 127.0.0.1 and a random port: A, TXT, MX and CNAME only. */
export function startDnsServer(records: TestRecord[]): Promise<TestDnsServer> {
  const socket: Socket = createSocket("udp4");
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => {
      const server: TestDnsServer = {
        port: socket.address().port,
        records,
        failing: [],
        close: () => new Promise((done) => socket.close(() => done())),
      };
      socket.on("message", (msg: Buffer, from: RemoteInfo) => {
        const reply = answer(msg, server.records, server.failing);
        if (reply) socket.send(reply, from.port, from.address);
      });
      resolve(server);
    });
  });
}
