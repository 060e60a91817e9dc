import type { TokenCredential } from '@azure/identity';

let shared: Promise<TokenCredential> | undefined;

/**
 * The Entra ID credential used wherever the configuration names an account or namespace
 * rather than a connection string: managed identity in Azure, the developer's login locally
 * (`DefaultAzureCredential`). Created once per process, and only when needed.
 */
export function azureCredential(): Promise<TokenCredential> {
  shared ??= import('@azure/identity').then(
    ({ DefaultAzureCredential }) => new DefaultAzureCredential(),
  );
  return shared;
}
