import { z } from "zod";
import { AWS_REGIONS, isAwsRegion, nearestAwsRegions } from "./aws-regions";

/** AWS names golive builds ARNs and tags from: regions, account ids, role ARNs, tag values. */

/**
 * Every ARN golive builds begins `arn:aws:` (the standard partition; GovCloud's begin `arn:aws-us-gov:`,
 * China's `arn:aws-cn:`: docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html), so
 * a region or ARN of another partition is refused rather than built into policies that never match.
 */
const STANDARD_PARTITION_ONLY = "golive builds ARNs of the standard aws partition only (GovCloud and China are not supported)";
/** GovCloud (`us-gov-west-1`) and China (`cn-north-1`) regions, of the aws-us-gov and aws-cn partitions. */
const OTHER_PARTITION_REGION = /^(us-gov-|cn-)/;

/**
 * AWS region names such as eu-west-1 (SES, Secrets Manager, state bucket, health checks): the standard
 * partition's, as aws-regions.ts lists them, so a typo (`us-east-9`) is refused here, not at terraform
 * plan. One reason per value: the shape, else the partition, else the list with the nearest regions.
 * Editors get the list too (the JSON Schema's enum).
 */
export const AwsRegion = z
  .string()
  .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: "must be an AWS region such as eu-west-1", abort: true })
  .refine((region) => !OTHER_PARTITION_REGION.test(region), {
    message: `is not in the standard aws partition; ${STANDARD_PARTITION_ONLY}; allowed: a commercial region such as us-east-1`,
    abort: true,
  })
  .refine(isAwsRegion, {
    error: (issue) => `is not a region of the standard aws partition; allowed: ${nearestAwsRegions(String(issue.input))}`,
  })
  .meta({ enum: [...AWS_REGIONS] });
/** Twelve-digit AWS account id (the examples use 111111111111-style ids). */
export const AwsAccountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");
/** An IAM role ARN such as arn:aws:iam::111111111111:role/opsbot-secret-operators. */
export const IamRoleArn = z
  .string()
  .refine((arn) => !/^arn:aws-[a-z-]+:/.test(arn), {
    message: `is not in the standard aws partition; ${STANDARD_PARTITION_ONLY}; allowed: an ARN beginning arn:aws:`,
    abort: true,
  })
  .regex(/^arn:aws:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/, "must be an IAM role ARN such as arn:aws:iam::111111111111:role/name");

/**
 * An AWS tag value golive writes (an owner, a team): tag values may not begin with `aws:` in any case,
 * which AWS reserves ("Do not use the aws: prefix in your tag names or values": TagResource).
 */
export const TagValue = z
  .string()
  .min(2)
  .max(200)
  .regex(/^[\p{L}\p{N} +\-=._:/@]+$/u, "may hold letters, digits, spaces and + - = . _ : / @ only (AWS tag values)")
  .refine((v) => !/^aws:/i.test(v), "must not begin with aws: (AWS reserves the prefix in tag values)");
