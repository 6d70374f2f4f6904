import { readdirSync } from "node:fs";
import { awsStepEnv, holdsAwsCredentials, isAwsCredentials } from "./aws-credentials";
import { DIR, isRecord, jobsOf, stepsIn, workflow } from "./support";

// configure-aws-credentials exports the role's credentials to every later step of its job by default
// (core.exportVariable): synth, npm, setup-node's and checkout's post steps. With output-env-credentials:
// false it exports nothing (not even the region) and hands them over as step outputs, which reach only the
// steps that call AWS, through their env:.

const FILES = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

/** Every job that assumes an AWS role with the action, with its file. */
const roleJobs = FILES.flatMap((file) =>
  jobsOf(workflow(file))
    .filter(([, job]) => stepsIn(job).some(isAwsCredentials))
    .map(([name, job]) => ({ where: `${file} ${name}`, doc: workflow(file), steps: stepsIn(job), job })),
);

/**
 * What calls AWS in these jobs: terraform's plan or apply (state backend, provider), `golive plan`, a
 * `golive release promote --watch` (CloudWatch alarms), the aws CLI. Synth, stacks, plan-compare,
 * plan-report and release start read only files.
 */
const CALLS_AWS = /\bterraform\b[^\n]*\b(?:plan|apply)\b|\bgolive (?:plan|release promote)\b|\baws [a-z]/;
const callsAws = (step: Record<string, unknown>): boolean => typeof step.run === "string" && CALLS_AWS.test(step.run);

describe("AWS role credentials reach only the steps that call AWS", () => {
  test("the jobs that assume a role are the applying, releasing and drift jobs", () => {
    expect(roleJobs.map((j) => j.where)).toEqual([
      "deploy-admin.yml secrets",
      "deploy-environment.yml deploy",
      "drift.yml drift",
      "release.yml release",
      "rollback.yml deploy",
    ]);
  });

  test("fails when a configure-aws-credentials step exports the credentials to the job (output-env-credentials is not false)", () => {
    for (const { where, steps } of roleJobs) {
      const configure = steps.filter(isAwsCredentials);
      expect({
        where,
        configure: configure.map((s) => ({
          id: s.id,
          outputs: isRecord(s.with) ? [s.with["output-env-credentials"], s.with["output-credentials"]] : [],
        })),
      }).toEqual({
        where,
        configure: [{ id: "aws", outputs: [false, true] }],
      });
    }
  });

  test("every step that calls AWS holds the role's credentials and region in its env, and no other step, job or workflow does", () => {
    for (const { where, doc, steps, job } of roleJobs) {
      expect({ where, workflow: holdsAwsCredentials(doc.env), job: holdsAwsCredentials(job.env) }).toEqual({
        where,
        workflow: false,
        job: false,
      });
      const configureAt = steps.findIndex(isAwsCredentials);
      const configure = steps[configureAt];
      const region = isRecord(configure?.with) ? String(configure.with["aws-region"]) : "";
      const calling = steps.filter(callsAws);
      expect({ where, calling: calling.length > 0 }).toEqual({ where, calling: true });
      steps.forEach((step, at) => {
        const name = `${where}: ${String(step.name ?? step.uses ?? step.run)}`;
        const outputs = JSON.stringify(step).includes("steps.aws.outputs.aws-");
        if (callsAws(step)) {
          expect({ name, after: at > configureAt, env: step.env }).toEqual({
            name,
            after: true,
            env: expect.objectContaining(awsStepEnv(region)),
          });
        } else {
          expect({ name, credentials: holdsAwsCredentials(step.env) || outputs }).toEqual({ name, credentials: false });
        }
      });
    }
  });
});
