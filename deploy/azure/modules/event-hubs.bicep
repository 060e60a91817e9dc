// The readings stream: one hub, partitioned by device, with the aggregator's consumer groups.
// Local (SAS) auth is off: senders and receivers authenticate with managed identity.
param location string
param tags object
param name string
param hubName string
@minValue(1)
@maxValue(32)
@description('Partitions of the hub: the most aggregator replicas that share the load. Fixed once created on Standard.')
param partitionCount int
@minValue(1)
@maxValue(40)
@description('Throughput units: each admits 1 MB/s or 1,000 events/s in, 2 MB/s out.')
param throughputUnits int
@description('Consumer groups on the hub (the aggregator\'s live and replay groups).')
param consumerGroups array
@description('Principal ids granted Azure Event Hubs Data Sender on the hub.')
param senderPrincipalIds array
@description('Principal ids granted Azure Event Hubs Data Receiver on the hub.')
param receiverPrincipalIds array

var dataSender = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2b629674-e913-4c01-ae53-ef4638d8f975')
var dataReceiver = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde')

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard', capacity: throughputUnits }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: hubName
  properties: {
    partitionCount: partitionCount
    // Replay (FLEETSCORE_AGGREGATOR_MODE=replay) can go back this far.
    messageRetentionInDays: 7
  }
}

resource groups 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = [for group in consumerGroups: {
  parent: hub
  name: group
}]

resource senders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in senderPrincipalIds: {
  name: guid(hub.id, principalId, dataSender)
  scope: hub
  properties: {
    roleDefinitionId: dataSender
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource receivers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in receiverPrincipalIds: {
  name: guid(hub.id, principalId, dataReceiver)
  scope: hub
  properties: {
    roleDefinitionId: dataReceiver
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

output namespaceName string = namespace.name
output hubName string = hub.name
