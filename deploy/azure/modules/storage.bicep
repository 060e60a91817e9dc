// One storage account per deployment: the blob container (models, windows, runs,
// predictions, logs), the Event Hubs checkpoint container, and the tables (created by the
// services on first use). Shared-key access is off: only Entra ID (managed identity) works.
// Blob roles are scoped to one container each, not the account: a service reaches only the
// containers its code opens (docs/security.md, "Who may do what").
param location string
param tags object
param name string
@description('The blob container (FLEETSCORE_BLOB_CONTAINER); checkpoints go to <container>-checkpoints.')
param container string
@description('Principal ids granted Storage Blob Data Contributor on the data container.')
param dataContributorPrincipalIds array
@description('Principal ids granted Storage Blob Data Contributor on the checkpoint container.')
param checkpointContributorPrincipalIds array
@description('Principal ids granted Storage Table Data Contributor on the account (the services create their tables).')
param tableContributorPrincipalIds array

var blobDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
var tableDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    accessTier: 'Hot'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource dataContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: container
  properties: { publicAccess: 'None' }
}

resource checkpointContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: '${container}-checkpoints'
  properties: { publicAccess: 'None' }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource dataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in dataContributorPrincipalIds: {
  name: guid(dataContainer.id, principalId, blobDataContributor)
  scope: dataContainer
  properties: {
    roleDefinitionId: blobDataContributor
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource checkpointRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in checkpointContributorPrincipalIds: {
  name: guid(checkpointContainer.id, principalId, blobDataContributor)
  scope: checkpointContainer
  properties: {
    roleDefinitionId: blobDataContributor
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource tableRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in tableContributorPrincipalIds: {
  name: guid(account.id, principalId, tableDataContributor)
  scope: account
  properties: {
    roleDefinitionId: tableDataContributor
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output tableEndpoint string = account.properties.primaryEndpoints.table
