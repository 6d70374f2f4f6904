/**
 * A lifecycle configuration that expires objects or noncurrent versions on the state bucket undoes what
 * versioning keeps (lib/features/state/lifecycle-risks.ts), so it is flagged as versioning suspended is.
 */
import { realPlanFlags } from "../helpers/plan-reviews";
import { type ProviderChange, reviewFlags, reviewOf } from "../plan/provider-plan";

/** The rule's nested blocks, as the plan's after_unknown and after_sensitive both mark them. */
const RULE_BLOCKS = [
  {
    abort_incomplete_multipart_upload: [],
    expiration: [{}],
    filter: [{ and: [], tag: [] }],
    noncurrent_version_expiration: [{}],
    noncurrent_version_transition: [],
    transition: [],
  },
];

/**
 * The create of a real `terraform show -json` plan (Terraform 1.11.4, hashicorp/aws 5.100.0, against
 * moto_server on loopback, as the scripts in __tests__/fixtures/plans make theirs), `[0]` of its
 * `count` dropped: on the versioned bucket `opsbot-tfstate`, one rule `expire-old` with `filter {}`,
 * `expiration { days = 90 }` and `noncurrent_version_expiration { noncurrent_days = 1 }`.
 */
const created: ProviderChange = {
  address: "aws_s3_bucket_lifecycle_configuration.state",
  actions: ["create"],
  before: null,
  after: {
    bucket: "opsbot-tfstate",
    rule: [
      {
        abort_incomplete_multipart_upload: [],
        expiration: [{ date: null, days: 90, expired_object_delete_marker: false }],
        filter: [{ and: [], object_size_greater_than: null, object_size_less_than: null, prefix: "", tag: [] }],
        id: "expire-old",
        noncurrent_version_expiration: [{ newer_noncurrent_versions: null, noncurrent_days: 1 }],
        noncurrent_version_transition: [],
        prefix: "",
        status: "Enabled",
        transition: [],
      },
    ],
    timeouts: null,
    transition_default_minimum_object_size: "all_storage_classes_128K",
  },
  afterUnknown: {
    expected_bucket_owner: true,
    id: true,
    rule: RULE_BLOCKS,
  },
  afterSensitive: {
    rule: RULE_BLOCKS,
  },
};

const RULE = "state-bucket-weakened aws_s3_bucket_lifecycle_configuration.state: bucket opsbot-tfstate: lifecycle rule";
const EXPIRES = "expires objects after 90 days: S3 puts a delete marker over the current state, and Terraform then finds no state";
const NONCURRENT = "deletes noncurrent versions after 1 day: overwritten state is gone after that: versioning is its undo";

type Json = Record<string, unknown>;
/** The created rule edited by `edit` (a copy). */
function ruleWith(edit: (rule: Json) => void): Json {
  const [first] = (created.after?.rule ?? []) as Json[];
  const rule = structuredClone(first ?? {});
  edit(rule);
  return rule;
}
/** An update of the created configuration from `was` to `now` (its rules). */
function updated(was: Json, now: Json): ProviderChange {
  const state = { ...created.after, id: "opsbot-tfstate", expected_bucket_owner: "" };
  return { address: created.address, actions: ["update"], before: { ...state, rule: [was] }, after: { ...state, rule: [now] } };
}

describe("plan review: a lifecycle rule that deletes state is flagged", () => {
  test("fails a new lifecycle configuration that expires objects and noncurrent versions (real plan)", () => {
    expect(reviewFlags(created)).toEqual([`${RULE} expire-old ${EXPIRES}`, `${RULE} expire-old ${NONCURRENT}`]);
  });

  test("a new lifecycle configuration shows its rules leaf by leaf, not one line cut at 160 characters", () => {
    const shown = reviewOf(created).report.stacks[0]?.changes[0]?.attributes.map((a) => `${a.path}: ${a.before} -> ${a.after}`);
    expect(shown).toEqual(
      expect.arrayContaining([
        "rule[0].expiration[0].days: null -> 90",
        "rule[0].noncurrent_version_expiration[0].noncurrent_days: null -> 1",
        'rule[0].status: null -> "Enabled"',
      ]),
    );
  });

  test("fails a rule that newly deletes noncurrent versions (real plan: rule tmp became noncurrent)", () => {
    expect(realPlanFlags("lifecycle-rules-edited.json", "bootstrap-production")).toEqual([
      "state-bucket-weakened aws_s3_bucket_lifecycle_configuration.b: bucket nb-bucket: lifecycle rule noncurrent deletes noncurrent versions after 7 days: overwritten state is gone after that: versioning is its undo",
    ]);
  });

  test("fails a rule enabled, expiring sooner or over more objects than it did", () => {
    const disabled = ruleWith((r) => {
      r.status = "Disabled";
    });
    expect(
      reviewFlags(
        updated(
          disabled,
          ruleWith(() => {}),
        ),
      ),
    ).toHaveLength(2);
    const later = ruleWith((r) => {
      r.noncurrent_version_expiration = [{ newer_noncurrent_versions: null, noncurrent_days: 30 }];
    });
    expect(
      reviewFlags(
        updated(
          later,
          ruleWith(() => {}),
        ),
      ),
    ).toEqual([`${RULE} expire-old ${NONCURRENT}`]);
    const logsOnly = ruleWith((r) => {
      r.filter = [{ and: [], object_size_greater_than: null, object_size_less_than: null, prefix: "logs/", tag: [] }];
    });
    expect(
      reviewFlags(
        updated(
          logsOnly,
          ruleWith(() => {}),
        ),
      ),
    ).toHaveLength(2);
  });

  test("a rule unchanged, expiring later, disabled, or only aborting uploads raises nothing", () => {
    const same = ruleWith(() => {});
    expect(reviewFlags(updated(same, same))).toEqual([]);
    const later = ruleWith((r) => {
      (r.expiration as Json[])[0] = { date: null, days: 365, expired_object_delete_marker: false };
    });
    expect(reviewFlags(updated(same, later))).toEqual([]);
    const off = ruleWith((r) => {
      r.status = "Disabled";
    });
    expect(reviewFlags(updated(same, off))).toEqual([]);
    const abortOnly = ruleWith((r) => {
      r.expiration = [];
      r.noncurrent_version_expiration = [];
      r.abort_incomplete_multipart_upload = [{ days_after_initiation: 7 }];
    });
    expect(reviewFlags({ ...created, after: { ...created.after, rule: [abortOnly] } })).toEqual([]);
  });
});
