import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { REPOSITORY } from "./github-api";

// A loopback stand-in of GitHub's REST API for the scripts that call it over HTTP (the github-script
// steps get the in-process stand-ins of github-api.ts). It answers GET /repos/{o}/{r}/git/ref/heads/{branch}
// as GitHub does (https://docs.github.com/en/rest/git/refs#get-a-reference): 200 with the reference,
// 404 for a branch or repository it does not know, 401 for a token it was not given.

/** The job token the stand-in accepts. */
export const JOB_TOKEN = "loopback-stand-in-job-token";

/** One request the stand-in received. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly accept: string | undefined;
}

export interface GithubApiServer {
  /** GITHUB_API_URL for a step. */
  readonly url: string;
  readonly requests: ApiRequest[];
  /** Branch name -> its newest commit, in REPOSITORY; change it between runs. */
  readonly heads: Map<string, string>;
  /** A status and raw body answered instead of the reference, for a test of a broken answer. */
  answer: { readonly status: number; readonly body: string } | undefined;
  readonly close: () => Promise<void>;
}

const json = (value: unknown) => JSON.stringify(value);
const notFound = json({ message: "Not Found", documentation_url: "https://docs.github.com/rest/git/refs#get-a-reference", status: "404" });

export async function githubApiServer(): Promise<GithubApiServer> {
  const requests: ApiRequest[] = [];
  const heads = new Map<string, string>();
  let url = "";
  const state: GithubApiServer = {
    get url() {
      return url;
    },
    requests,
    heads,
    answer: undefined,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  const server = createServer((req, res) => {
    const path = req.url ?? "";
    requests.push({ method: req.method ?? "", path, authorization: req.headers.authorization, accept: req.headers.accept });
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    const reply = (status: number, body: string) => {
      res.statusCode = status;
      res.end(body);
    };
    if (req.headers.authorization !== `Bearer ${JOB_TOKEN}` && req.headers.authorization !== `token ${JOB_TOKEN}`)
      return reply(401, json({ message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" }));
    if (state.answer) return reply(state.answer.status, state.answer.body);
    const prefix = `/repos/${REPOSITORY}/git/ref/heads/`;
    const branch = req.method === "GET" && path.startsWith(prefix) ? decodeURIComponent(path.slice(prefix.length)) : undefined;
    const sha = branch === undefined ? undefined : heads.get(branch);
    if (sha === undefined) return reply(404, notFound);
    const api = `${url}/repos/${REPOSITORY}`;
    return reply(
      200,
      json({
        ref: `refs/heads/${branch}`,
        node_id: "REF_kwDOAloopback",
        url: `${api}/git/refs/heads/${branch}`,
        object: { sha, type: "commit", url: `${api}/git/commits/${sha}` },
      }),
    );
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
