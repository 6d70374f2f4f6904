/**
 * A GitHub OIDC trust policy (as `assume_role_policy` text) allowing the given token subjects: one
 * statement for GitHub's provider with the `aud` and `sub` conditions. Its `Sid` names the statement in
 * attribute diffs (`Statement.GitHubOIDC.Condition...`).
 */
export const githubTrust = (...subjects: string[]): string =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "GitHubOIDC",
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": subjects,
          },
        },
      },
    ],
  });
