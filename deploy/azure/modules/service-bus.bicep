// The job queue. What the ServiceBusJobQueue adapter requires of it: duplicate detection on
// (the job id is the message id), LockDuration = the scorer's FLEETSCORE_LOCK_SECONDS, and a
// MaxDeliveryCount above FLEETSCORE_JOB_ATTEMPTS (the adapter counts attempts itself; the
// service's count is the backstop for lost locks). Local (SAS) auth is off.
param location string
param tags object
param name string
param queueName string
@minValue(5)
@maxValue(300)
@description('Peek-lock duration, seconds: the scorer\'s FLEETSCORE_LOCK_SECONDS.')
param lockSeconds int
@minValue(1)
@maxValue(100)
@description('Attempts of a job (FLEETSCORE_JOB_ATTEMPTS); MaxDeliveryCount is set above it.')
param jobAttempts int
@description('Principal ids granted Azure Service Bus Data Owner on the queue (see below).')
param ownerPrincipalIds array

// Data Owner, scoped to this one queue: besides send and receive, the services read the
// queue's runtime properties (message counts: JobQueue.depth(), /readyz, /v1/scaling), and
// KEDA's azure-servicebus scaler reads them with the scorer's identity. Sender + Receiver do
// not grant that read.
var dataOwner = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '090c5cfd-751d-490a-894a-3ce6f1109419')

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  // Standard: duplicate detection and scheduled messages (Basic has neither).
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = {
  parent: namespace
  name: queueName
  properties: {
    lockDuration: 'PT${lockSeconds}S'
    maxDeliveryCount: jobAttempts + 5
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P14D'
    requiresDuplicateDetection: true
    // Longer than any re-enqueue of a job id: a run's jobs are enqueued again only by its own
    // retry or catch-up within the day.
    duplicateDetectionHistoryTimeWindow: 'P1D'
    requiresSession: false
    enablePartitioning: false
  }
}

resource owners 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in ownerPrincipalIds: {
  name: guid(queue.id, principalId, dataOwner)
  scope: queue
  properties: {
    roleDefinitionId: dataOwner
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

output namespaceName string = namespace.name
output queueName string = queue.name
