// Fleetscore on Azure Container Apps: `azd up` provisions this (subscription scope: it creates
// the resource group) and deploys the four images (azure.yaml). No keys or connection strings
// reach the apps: each has a user-assigned managed identity with least-privilege roles, and
// the Azure adapters use DefaultAzureCredential. See docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name: names and tags every resource.')
param environmentName string

@minLength(1)
@description('Azure region of every resource.')
param location string

// Images, set by azd after `azd deploy` (SERVICE_<NAME>_IMAGE_NAME); empty on the first run.
param ingestImage string = ''
param aggregatorImage string = ''
param schedulerImage string = ''
param scorerImage string = ''

// Sizing (docs/deploy.md): partitions bound the aggregator's parallelism; throughput units
// the ingest rate; scorer replicas × concurrency the jobs scored at once.
@minValue(1)
@maxValue(32)
param eventHubPartitions int = 4
@minValue(1)
@maxValue(40)
param eventHubThroughputUnits int = 1
@minValue(1)
param aggregatorReplicas int = 1
@minValue(1)
param ingestMaxReplicas int = 4
@minValue(1)
param scorerMaxReplicas int = 10
@minValue(1)
param scorerConcurrency int = 2
@minValue(1)
param shards int = 16
@minValue(1)
param jobAttempts int = 5
@minValue(5)
@maxValue(300)
param lockSeconds int = 60
// The scorer's drain (FLEETSCORE_DRAIN_SECONDS); its grace period is drain + settle + margin
// (shutdown-budget.ts), which Container Apps caps at 600 s.
@minValue(1)
@maxValue(585)
param drainSeconds int = 30

// Authentication of the ingest and scheduler APIs: API key hashes and/or an Entra ID issuer.
// One of the two is required (the services refuse to start with neither).
@secure()
@description('Comma-separated SHA-256 hex digests of the accepted API keys (FLEETSCORE_API_KEYS).')
param apiKeyHashes string = ''
@description('Entra ID tenant (directory) id: accepts its v1.0 and v2.0 tokens (FLEETSCORE_AUTH_TENANT_ID).')
param authTenantId string = ''
@description('Or the accepted JWT issuers, comma-separated (FLEETSCORE_AUTH_ISSUER).')
param authIssuer string = ''
@description('The accepted aud values, comma-separated: the API\'s client id and its App ID URI; required with either.')
param authAudience string = ''

var tags = { 'azd-env-name': environmentName }

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'fleetscore-resources'
  scope: rg
  params: {
    location: location
    tags: tags
    token: toLower(uniqueString(subscription().id, environmentName, location))
    ingestImage: ingestImage
    aggregatorImage: aggregatorImage
    schedulerImage: schedulerImage
    scorerImage: scorerImage
    eventHubPartitions: eventHubPartitions
    eventHubThroughputUnits: eventHubThroughputUnits
    aggregatorReplicas: aggregatorReplicas
    ingestMaxReplicas: ingestMaxReplicas
    scorerMaxReplicas: scorerMaxReplicas
    scorerConcurrency: scorerConcurrency
    shards: shards
    jobAttempts: jobAttempts
    lockSeconds: lockSeconds
    drainSeconds: drainSeconds
    apiKeyHashes: apiKeyHashes
    authTenantId: authTenantId
    authIssuer: authIssuer
    authAudience: authAudience
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.registryLoginServer
output INGEST_URL string = resources.outputs.ingestUrl
output SCHEDULER_URL string = resources.outputs.schedulerUrl
