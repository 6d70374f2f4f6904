import { configErrorText } from "../helpers/example-config";

/** Every ARN golive builds is `arn:aws:...`: regions and role ARNs of GovCloud and China are refused. */
describe("AWS partition", () => {
  test("a GovCloud or China region, in any region field, is refused in one line naming the standard partition", () => {
    const text = configErrorText([
      [["monitoring", "awsRegion"], "us-gov-west-1"],
      [["secrets", "region"], "cn-north-1"],
      [["state", "region"], "us-gov-east-1"],
      [["email", "region"], "us-gov-west-1"],
    ]);
    const why = "is not in the standard aws partition; golive builds ARNs of the standard aws partition only";
    for (const field of ["monitoring.awsRegion", "secrets.region", "state.region", "email.region"])
      expect(text).toMatch(
        new RegExp(`^config/production\\.yaml: ${field.replace(".", "\\.")}: ${why}.*allowed: a commercial region such as us-east-1`, "m"),
      );
    // One reason per field: the SES list is not offered for a region of another partition.
    expect(text).not.toContain("must be an SES region");
    expect(configErrorText([[["monitoring", "awsRegion"], "eu-central-2"]])).toBe("");
  });

  test("a role ARN of another partition is refused, naming the partition rule rather than the ARN shape", () => {
    const text = configErrorText([[["secrets", "writers"], ["arn:aws-us-gov:iam::111111111111:role/ops"]]]);
    expect(text).toContain(
      "secrets.writers[0]: is not in the standard aws partition; golive builds ARNs of the standard aws partition only",
    );
    expect(text).not.toContain("must be an IAM role ARN");
    expect(configErrorText([[["secrets", "writers"], ["arn:aws-cn:iam::111111111111:role/ops"]]])).toContain("standard aws partition");
  });
});
