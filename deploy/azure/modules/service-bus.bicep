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
@description('Principal ids granted Azure Service Bus Data Sender on the queue.')
param senderPrincipalIds array
@description('Principal ids granted Azure Service Bus Data Receiver on the queue.')
param receiverPrincipalIds array
@description('Principal ids granted Azure Service Bus Data Owner on the queue (see below).')
param ownerPrincipalIds array

// Every role is scoped to this one queue. Sender and Receiver are the data roles: send and
// schedule, receive, peek and settle. Data Owner is the only built-in role with the Manage
// right, which reading the queue's runtime properties (message counts: JobQueue.depth(), and
// KEDA's azure-servicebus scaler) requires; it goes only to who reads depth.
var dataSender = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
var dataReceiver = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0')
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

resource senders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in senderPrincipalIds: {
  name: guid(queue.id, principalId, dataSender)
  scope: queue
  properties: {
    roleDefinitionId: dataSender
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource receivers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in receiverPrincipalIds: {
  name: guid(queue.id, principalId, dataReceiver)
  scope: queue
  properties: {
    roleDefinitionId: dataReceiver
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

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
