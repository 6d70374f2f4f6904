import { rmSync } from "node:fs";
import { startDnsServer, type TestDnsServer, type TestRecord } from "../helpers/dns-server";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { type FakeEdge, startFakeEdge } from "./fake-edge";
import { HOSTS, liveRecords, makeProject } from "./fixtures";

/**
 * What a live `golive verify` run needs: a temp project (makeProject) trusting a fresh test CA, the
 * test resolver answering liveRecords(), and the fake edge serving that CA's certificate for HOSTS.
 */
export interface LiveProject {
  readonly cwd: string;
  readonly dns: TestDnsServer;
  readonly edge: FakeEdge;
  /** For liveArgs. */
  readonly ports: { readonly dns: number; readonly https: number; readonly http: number };
  /** Stops both servers and removes the project. */
  close(): Promise<void>;
}

export interface LiveProjectOptions {
  /** Writes what the spec adds to the project (another config directory) before the servers start. */
  readonly prepare?: (cwd: string) => void;
  /** Answered besides liveRecords(). */
  readonly records?: readonly TestRecord[];
  /** Names served besides HOSTS: in the edge's certificate, resolving to 127.0.0.1. */
  readonly names?: readonly string[];
}

export async function startLiveProject(options: LiveProjectOptions = {}): Promise<LiveProject> {
  const ca = createTestCa();
  const names = options.names ?? [];
  const leaf = issueLeaf(ca, { hosts: [...HOSTS, ...names] });
  const cwd = makeProject(ca.certPem);
  const remove = () => rmSync(cwd, { recursive: true, force: true });
  let dns: TestDnsServer | undefined;
  try {
    options.prepare?.(cwd);
    const served = names.map((name) => ({ name, type: "A" as const, value: "127.0.0.1" }));
    dns = await startDnsServer([...liveRecords(), ...served, ...(options.records ?? [])]);
    const edge = await startFakeEdge({ key: leaf.keyPem, cert: leaf.certPem, minVersion: "TLSv1.2" });
    const started = dns;
    return {
      cwd,
      dns: started,
      edge,
      ports: { dns: started.port, https: edge.httpsPort, http: edge.httpPort },
      close: async () => {
        await Promise.all([edge.close(), started.close()]);
        remove();
      },
    };
  } catch (err) {
    // Nothing of a half-started project outlives the failed beforeAll.
    await dns?.close();
    remove();
    throw err;
  }
}
