// One Fleetscore service as a container app: its own user-assigned identity (pulls the image,
// reaches Azure; AZURE_CLIENT_ID tells DefaultAzureCredential which identity to use), probes
// on its HTTP port, and its scale rules.
param location string
param tags object
param name string
@description('azd deploys the image of this service (azure.yaml) to the app tagged with it.')
param serviceName string
param environmentId string
param identityId string
param identityClientId string
param registryServer string
@description('Image to run; empty on the first `azd provision`, before `azd deploy` pushed one.')
param image string = ''
@description('Environment variables: { name, value } or { name, secretRef }.')
param env array
@secure()
@description('Secrets by name; an env entry refers to one with secretRef.')
param secrets object = {}
param targetPort int
@allowed(['external', 'internal', 'none'])
param ingress string
param minReplicas int
param maxReplicas int
param scaleRules array = []
param cpu string = '0.5'
param memory string = '1Gi'
@description('Seconds between SIGTERM and SIGKILL: above the service\'s drain deadline.')
param terminationGracePeriodSeconds int = 30

// Until azd deploys the real image, a public placeholder keeps provisioning independent of it.
var placeholder = empty(image)
var port = placeholder ? 80 : targetPort
var probes = placeholder ? [] : [
  {
    type: 'Liveness'
    httpGet: { path: '/healthz', port: targetPort }
    initialDelaySeconds: 10
    periodSeconds: 15
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: { path: '/readyz', port: targetPort }
    periodSeconds: 10
    failureThreshold: 3
  }
]

resource app 'Microsoft.App/containerApps@2024-10-02-preview' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      registries: [{ server: registryServer, identity: identityId }]
      secrets: [for secret in items(secrets): { name: secret.key, value: secret.value }]
      ingress: ingress == 'none' ? null : {
        external: ingress == 'external'
        targetPort: port
        transport: 'http'
        allowInsecure: false
      }
    }
    template: {
      terminationGracePeriodSeconds: terminationGracePeriodSeconds
      containers: [
        {
          name: serviceName
          image: placeholder ? 'mcr.microsoft.com/k8se/quickstart:latest' : image
          resources: { cpu: json(cpu), memory: memory }
          env: concat([{ name: 'AZURE_CLIENT_ID', value: identityClientId }], env)
          probes: probes
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: scaleRules
      }
    }
  }
}

output name string = app.name
output fqdn string = ingress == 'none' ? '' : app.properties.configuration.ingress.fqdn
