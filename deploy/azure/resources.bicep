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
param authTenantId string
param authIssuer string
param authAudience string

var blobContainer = 'fleetscore'
var hubName = 'readings'
var queueName = 'scoring'
// The aggregator's live group (FLEETSCORE_AGGREGATOR_GROUP) and its replay group.
var aggregatorGroup = 'aggregator'
var services = ['ingest', 'aggregator', 'scheduler', 'scorer']

// Each service's two listeners: the public one (authenticated API and dashboard; the ingress
// target) and the ops one (/healthz, /readyz, /metrics; the scheduler's /v1/scaling and /docs),
// which probes use and which is never exposed outside the environment. The env lists below
// repeat these numbers as strings; test/deploy/bicep-ports.test.ts holds the two together.
var ports = {
  ingest: { public: 8081, ops: 9081 }
  aggregator: { ops: 8082 }
  scheduler: { public: 8080, ops: 9080 }
  scorer: { ops: 8083 }
}

// The shutdown budget (packages/shared/src/runtime/shutdown-budget.ts): a service drains, then
// settles (hands back, closes, flushes); the platform waits that long plus a margin before it
// kills. The scorer drains for drainSeconds, the others for the default.
var defaultDrainSeconds = 15
var settleSeconds = 10
var killMarginSeconds = 5
var defaultGraceSeconds = defaultDrainSeconds + settleSeconds + killMarginSeconds

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

// KEDA's own identity for the scorer's scale rule: it reads the queue's message count, which
// needs Service Bus Data Owner. The scorer process never uses it (its AZURE_CLIENT_ID names its
// own identity, which only sends and receives).
resource scalerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-scorer-scaler-${token}'
  location: location
  tags: tags
}

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
    // The data container: windows (aggregator), runs and reports (scheduler), models, job
    // logs and predictions (scheduler and scorer). Ingest touches no storage: it only publishes.
    dataContributorPrincipalIds: [
      identities[aggregator].properties.principalId
      identities[scheduler].properties.principalId
      identities[scorer].properties.principalId
    ]
    // Event Hubs ownership and checkpoint blobs: the aggregator, the stream's only reader.
    checkpointContributorPrincipalIds: [identities[aggregator].properties.principalId]
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
    // The scorer receives and sends (a retry is a scheduled copy of the job). The scheduler
    // enqueues, replays dead letters and reads depth (/v1/scaling, /metrics, readiness), and
    // KEDA reads depth to scale the scorer: the two readers of depth get Data Owner. Ingest
    // and aggregator have no access to the queue.
    senderPrincipalIds: [identities[scorer].properties.principalId]
    receiverPrincipalIds: [identities[scorer].properties.principalId]
    ownerPrincipalIds: [
      identities[scheduler].properties.principalId
      scalerIdentity.properties.principalId
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
  empty(authTenantId) ? [] : [{ name: 'FLEETSCORE_AUTH_TENANT_ID', value: authTenantId }],
  empty(authIssuer) ? [] : [{ name: 'FLEETSCORE_AUTH_ISSUER', value: authIssuer }],
  empty(authTenantId) && empty(authIssuer)
    ? []
    : [{ name: 'FLEETSCORE_AUTH_AUDIENCE', value: authAudience }]
)

// Read by two services that must agree: one list each, used by both.
var shardsEnv = [{ name: 'FLEETSCORE_SHARDS', value: string(shards) }]
var attemptsEnv = [{ name: 'FLEETSCORE_JOB_ATTEMPTS', value: string(jobAttempts) }]

var ingestEnv = concat(commonEnv, authEnv, [
  { name: 'FLEETSCORE_INGEST_HOST', value: '0.0.0.0' }
  { name: 'FLEETSCORE_INGEST_PORT', value: '8081' }
  { name: 'FLEETSCORE_HEALTH_HOST', value: '0.0.0.0' }
  { name: 'FLEETSCORE_HEALTH_PORT', value: '9081' }
])

var aggregatorEnv = concat(commonEnv, shardsEnv, [
  { name: 'FLEETSCORE_HEALTH_HOST', value: '0.0.0.0' }
  { name: 'FLEETSCORE_HEALTH_PORT', value: '8082' }
  { name: 'FLEETSCORE_AGGREGATOR_GROUP', value: aggregatorGroup }
])

var schedulerEnv = concat(commonEnv, authEnv, shardsEnv, attemptsEnv, [
  { name: 'FLEETSCORE_SCHEDULER_HOST', value: '0.0.0.0' }
  { name: 'FLEETSCORE_SCHEDULER_PORT', value: '8080' }
  { name: 'FLEETSCORE_HEALTH_HOST', value: '0.0.0.0' }
  { name: 'FLEETSCORE_HEALTH_PORT', value: '9080' }
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
  // Node's own: the V8 heap bounds (SCORER_NODE_OPTIONS in
  // packages/shared/src/config/service/scorer-heap.ts), without which garbage sets its memory.
  { name: 'NODE_OPTIONS', value: '--max-old-space-size=256 --max-semi-space-size=16' }
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
    ingress: 'external'
    publicPort: ports.ingest.public
    opsPort: ports.ingest.ops
    terminationGracePeriodSeconds: defaultGraceSeconds
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
    ingress: 'none'
    opsPort: ports.aggregator.ops
    terminationGracePeriodSeconds: defaultGraceSeconds
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
    ingress: 'external'
    publicPort: ports.scheduler.public
    opsPort: ports.scheduler.ops
    terminationGracePeriodSeconds: defaultGraceSeconds
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
    scaleIdentityId: scalerIdentity.id
    image: scorerImage
    env: scorerEnv
    secrets: telemetrySecrets
    ingress: 'none'
    opsPort: ports.scorer.ops
    cpu: '1.0'
    memory: '2Gi'
    // Scale to zero between hourly runs; KEDA wakes the first replica on the first message.
    minReplicas: 0
    maxReplicas: scorerMaxReplicas
    terminationGracePeriodSeconds: drainSeconds + settleSeconds + killMarginSeconds
    scaleRules: [
      {
        name: 'scoring-queue'
        custom: {
          type: 'azure-servicebus'
          // KEDA reads the queue's message count as its own identity (no secret, not the
          // scorer's: reading counts needs Data Owner, which the scorer does not hold).
          identity: scalerIdentity.id
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
