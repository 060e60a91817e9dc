// Everything in the resource group: monitoring, registry, storage, Event Hubs, Service Bus, the
// Container Apps environment, one identity and one container app per service, and the role
// assignments that are the identities' only access. Called by main.bicep.
param location string
param tags object
@description('Unique suffix of resource names.')
param token string

param ingestImage string
param aggregatorImage string
param schedulerImage string
param scorerImage string
param eventHubPartitions int
param eventHubThroughputUnits int
param aggregatorReplicas int
param ingestMaxReplicas int
param scorerMaxReplicas int
param scorerConcurrency int
param shards int
param jobAttempts int
param lockSeconds int
param drainSeconds int
@secure()
param apiKeyHashes string
param authIssuer string
param authAudience string

var blobContainer = 'fleetscore'
var hubName = 'readings'
var queueName = 'scoring'
// The aggregator's live group (FLEETSCORE_AGGREGATOR_GROUP) and its replay group.
var aggregatorGroup = 'aggregator'
var services = ['ingest', 'aggregator', 'scheduler', 'scorer']

resource identities 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = [for service in services: {
  name: 'id-${service}-${token}'
  location: location
  tags: tags
}]
// Indices into `identities` (same order as `services`).
var ingest = 0
var aggregator = 1
var scheduler = 2
var scorer = 3

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${token}'
    appInsightsName: 'appi-${token}'
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    tags: tags
    name: 'cr${token}'
    pullerPrincipalIds: [for (service, i) in services: identities[i].properties.principalId]
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: 'st${token}'
    container: blobContainer
    // Every service opens the blob container; the ingest one too, for the Event Hubs
    // checkpoint container its stream client creates if missing.
    blobContributorPrincipalIds: [for (service, i) in services: identities[i].properties.principalId]
    // The run ledger and the model registry: scheduler and scorer only.
    tableContributorPrincipalIds: [
      identities[scheduler].properties.principalId
      identities[scorer].properties.principalId
    ]
  }
}

module eventHubs 'modules/event-hubs.bicep' = {
  name: 'event-hubs'
  params: {
    location: location
    tags: tags
    name: 'evhns-${token}'
    hubName: hubName
    partitionCount: eventHubPartitions
    throughputUnits: eventHubThroughputUnits
    consumerGroups: [aggregatorGroup, '${aggregatorGroup}-replay']
    senderPrincipalIds: [identities[ingest].properties.principalId]
    receiverPrincipalIds: [identities[aggregator].properties.principalId]
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  params: {
    location: location
    tags: tags
    name: 'sbns-${token}'
    queueName: queueName
    lockSeconds: lockSeconds
    jobAttempts: jobAttempts
    // The scheduler enqueues and reads depth; the scorer consumes (KEDA scales it with its
    // identity). Ingest and aggregator have no access to the queue.
    ownerPrincipalIds: [
      identities[scheduler].properties.principalId
      identities[scorer].properties.principalId
    ]
  }
}

module environment 'modules/environment.bicep' = {
  name: 'environment'
  params: {
    location: location
    tags: tags
    name: 'cae-${token}'
    workspaceId: monitoring.outputs.workspaceId
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: 'appi-${token}'
}

// ── Environment of each service (docs/configuration.md; test/deploy checks these lists) ──

// Namespaces and the account URL, never connection strings: the identity authenticates.
var commonEnv = [
  { name: 'FLEETSCORE_BACKEND', value: 'azure' }
  { name: 'FLEETSCORE_STORAGE_ACCOUNT_URL', value: storage.outputs.blobEndpoint }
  { name: 'FLEETSCORE_BLOB_CONTAINER', value: blobContainer }
  { name: 'FLEETSCORE_EVENTHUBS_NAMESPACE', value: eventHubs.outputs.namespaceName }
  { name: 'FLEETSCORE_EVENTHUB_NAME', value: hubName }
  { name: 'FLEETSCORE_SERVICEBUS_NAMESPACE', value: serviceBus.outputs.namespaceName }
  { name: 'FLEETSCORE_SERVICEBUS_QUEUE', value: queueName }
  { name: 'FLEETSCORE_OTEL_EXPORTER', value: 'azure-monitor' }
  // Where telemetry goes (an ingestion endpoint and instrumentation key, no data access); kept
  // as a Container Apps secret all the same.
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', secretRef: 'appinsights-connection-string' }
]

var authEnv = concat(
  empty(apiKeyHashes) ? [] : [{ name: 'FLEETSCORE_API_KEYS', secretRef: 'api-key-hashes' }],
  empty(authIssuer)
    ? []
    : [
        { name: 'FLEETSCORE_AUTH_ISSUER', value: authIssuer }
        { name: 'FLEETSCORE_AUTH_AUDIENCE', value: authAudience }
      ]
)

// Read by two services that must agree: one list each, used by both.
var shardsEnv = [{ name: 'FLEETSCORE_SHARDS', value: string(shards) }]
var attemptsEnv = [{ name: 'FLEETSCORE_JOB_ATTEMPTS', value: string(jobAttempts) }]

var ingestEnv = concat(commonEnv, authEnv, [
  { name: 'FLEETSCORE_INGEST_HOST', value: '0.0.0.0' }
  { name: 'FLEETSCORE_INGEST_PORT', value: '8081' }
])

var aggregatorEnv = concat(commonEnv, shardsEnv, [
  { name: 'FLEETSCORE_HEALTH_HOST', value: '0.0.0.0' }
  { name: 'FLEETSCORE_HEALTH_PORT', value: '8082' }
  { name: 'FLEETSCORE_AGGREGATOR_GROUP', value: aggregatorGroup }
])

var schedulerEnv = concat(commonEnv, authEnv, shardsEnv, attemptsEnv, [
  { name: 'FLEETSCORE_SCHEDULER_HOST', value: '0.0.0.0' }
  { name: 'FLEETSCORE_SCHEDULER_PORT', value: '8080' }
  { name: 'FLEETSCORE_SCALE_JOBS_PER_REPLICA', value: string(scorerConcurrency) }
  { name: 'FLEETSCORE_SCALE_MAX', value: string(scorerMaxReplicas) }
])

var scorerEnv = concat(commonEnv, attemptsEnv, [
  { name: 'FLEETSCORE_HEALTH_HOST', value: '0.0.0.0' }
  { name: 'FLEETSCORE_HEALTH_PORT', value: '8083' }
  { name: 'FLEETSCORE_SCORER_CONCURRENCY', value: string(scorerConcurrency) }
  // One SVM worker thread per vCPU of the container (scorerCpu), not per host core.
  { name: 'FLEETSCORE_SCORER_THREADS', value: '1' }
  { name: 'FLEETSCORE_LOCK_SECONDS', value: string(lockSeconds) }
  { name: 'FLEETSCORE_DRAIN_SECONDS', value: string(drainSeconds) }
  // Node's own: the V8 heap cap (SCORER_HEAP_FLAG in
  // packages/shared/src/config/service/scorer-heap.ts), without which garbage sets its memory.
  { name: 'NODE_OPTIONS', value: '--max-old-space-size=256' }
])

var telemetrySecrets = { 'appinsights-connection-string': appInsights.properties.ConnectionString }
var authSecrets = empty(apiKeyHashes) ? {} : { 'api-key-hashes': apiKeyHashes }

module ingestApp 'modules/container-app.bicep' = {
  name: 'app-ingest'
  dependsOn: [monitoring]
  params: {
    location: location
    tags: tags
    environmentId: environment.outputs.id
    registryServer: registry.outputs.loginServer
    name: 'ca-ingest-${token}'
    serviceName: 'ingest'
    identityId: identities[ingest].id
    identityClientId: identities[ingest].properties.clientId
    image: ingestImage
    env: ingestEnv
    secrets: union(telemetrySecrets, authSecrets)
    targetPort: 8081
    ingress: 'external'
    minReplicas: 1
    maxReplicas: ingestMaxReplicas
    scaleRules: [{ name: 'http', http: { metadata: { concurrentRequests: '50' } } }]
  }
}

module aggregatorApp 'modules/container-app.bicep' = {
  name: 'app-aggregator'
  dependsOn: [monitoring]
  params: {
    location: location
    tags: tags
    environmentId: environment.outputs.id
    registryServer: registry.outputs.loginServer
    name: 'ca-aggregator-${token}'
    serviceName: 'aggregator'
    identityId: identities[aggregator].id
    identityClientId: identities[aggregator].properties.clientId
    image: aggregatorImage
    env: aggregatorEnv
    secrets: telemetrySecrets
    targetPort: 8082
    ingress: 'none'
    // Fixed count: partitions are balanced across replicas, so more than the partition count
    // would idle.
    minReplicas: min(aggregatorReplicas, eventHubPartitions)
    maxReplicas: min(aggregatorReplicas, eventHubPartitions)
    cpu: '1.0'
    memory: '2Gi'
  }
}

module schedulerApp 'modules/container-app.bicep' = {
  name: 'app-scheduler'
  dependsOn: [monitoring]
  params: {
    location: location
    tags: tags
    environmentId: environment.outputs.id
    registryServer: registry.outputs.loginServer
    name: 'ca-scheduler-${token}'
    serviceName: 'scheduler'
    identityId: identities[scheduler].id
    identityClientId: identities[scheduler].properties.clientId
    image: schedulerImage
    env: schedulerEnv
    secrets: union(telemetrySecrets, authSecrets)
    targetPort: 8080
    ingress: 'external'
    // One owner of the cron schedules (run ids are idempotent, but one ticker is simpler).
    minReplicas: 1
    maxReplicas: 1
  }
}

module scorerApp 'modules/container-app.bicep' = {
  name: 'app-scorer'
  dependsOn: [monitoring]
  params: {
    location: location
    tags: tags
    environmentId: environment.outputs.id
    registryServer: registry.outputs.loginServer
    name: 'ca-scorer-${token}'
    serviceName: 'scorer'
    identityId: identities[scorer].id
    identityClientId: identities[scorer].properties.clientId
    image: scorerImage
    env: scorerEnv
    secrets: telemetrySecrets
    targetPort: 8083
    ingress: 'none'
    cpu: '1.0'
    memory: '2Gi'
    // Scale to zero between hourly runs; KEDA wakes the first replica on the first message.
    minReplicas: 0
    maxReplicas: scorerMaxReplicas
    terminationGracePeriodSeconds: drainSeconds + 15
    scaleRules: [
      {
        name: 'scoring-queue'
        custom: {
          type: 'azure-servicebus'
          // KEDA reads the queue's message count as the scorer's own identity (no secret).
          identity: identities[scorer].id
          metadata: {
            namespace: serviceBus.outputs.namespaceName
            queueName: queueName
            // Target active messages per replica: what one replica runs at once.
            messageCount: string(scorerConcurrency)
            // Wake from zero as soon as one message is waiting.
            activationMessageCount: '0'
          }
        }
      }
    ]
  }
}

output registryLoginServer string = registry.outputs.loginServer
output ingestUrl string = 'https://${ingestApp.outputs.fqdn}'
output schedulerUrl string = 'https://${schedulerApp.outputs.fqdn}'
