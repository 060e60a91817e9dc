// The Container Apps environment. Logs go to Azure Monitor through a diagnostic setting, so
// no Log Analytics shared key is ever read (the 'log-analytics' destination would need one).
param location string
param tags object
param name string
param workspaceId string

resource environment 'Microsoft.App/managedEnvironments@2024-10-02-preview' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: { destination: 'azure-monitor' }
    workloadProfiles: [{ name: 'Consumption', workloadProfileType: 'Consumption' }]
  }
}

resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: environment
  properties: {
    workspaceId: workspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
  }
}

output id string = environment.id
output defaultDomain string = environment.properties.defaultDomain
