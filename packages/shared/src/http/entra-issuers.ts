/**
 * The two issuers of one Entra ID tenant: v1.0 access tokens carry the first, v2.0 tokens the
 * second. Which one a token has is the API's choice, not the client's: the app registration's
 * `accessTokenAcceptedVersion` (null or 1: v1.0, 2: v2.0), whatever endpoint issued it.
 */
export function entraIssuers(tenantId: string): [string, string] {
  return [
    `https://sts.windows.net/${tenantId}/`,
    `https://login.microsoftonline.com/${tenantId}/v2.0`,
  ];
}
