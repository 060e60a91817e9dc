// One Fleetscore service as a container app: its own user-assigned identity (pulls the image,
// reaches Azure; AZURE_CLIENT_ID tells DefaultAzureCredential which identity to use), its two
// listeners, explicit probes and its scale rules.
//
// `azd deploy` changes only the image of an existing app (it reads the app, swaps
// template.containers[0].image and writes it back): ports, probes and everything else stay as
// provisioned. So they are the service's real ones from the very first provision, placeholder
// image or not; only the image differs until the first `azd deploy`.
param location string
param tags object
param name string
@description('azd deploys the image of this service (azure.yaml) to the app tagged with it.')
param serviceName string
param environmentId string
param identityId string
param identityClientId string
@description('A second user-assigned identity for the scale rules (KEDA), not the process; empty for none.')
param scaleIdentityId string = ''
param registryServer string
@description('Image to run; empty on the first `azd provision`, before `azd deploy` pushed one.')
param image string = ''
@description('Environment variables: { name, value } or { name, secretRef }.')
param env array
@secure()
@description('Secrets by name; an env entry refers to one with secretRef.')
param secrets object = {}
@allowed(['external', 'internal', 'none'])
@description('Who reaches the public listener: the internet (external), the environment, or no one.')
param ingress string
@description('The public listener (authenticated API, dashboard): the ingress target. 0 without ingress.')
param publicPort int = 0
@description('The ops listener (/healthz, /readyz, /metrics, …): probes, and inside the environment only.')
param opsPort int
param minReplicas int
param maxReplicas int
param scaleRules array = []
param cpu string = '0.5'
param memory string = '1Gi'
@minValue(1)
@maxValue(600)
@description('Seconds between SIGTERM and SIGKILL: platformGraceSeconds (packages/shared/src/runtime/shutdown-budget.ts).')
param terminationGracePeriodSeconds int

// Until azd deploys the real image, a public placeholder keeps provisioning independent of it.
// It answers neither port, so its revision stays unready until `azd deploy` (docs/deploy.md).
var placeholderImage = 'mcr.microsoft.com/k8se/quickstart:latest'

// Explicit probes on the ops listener (Container Apps otherwise adds TCP probes on the ingress
// port). Startup: up to 5 + 10 × 5 s for the process to listen; liveness: the process answers
// /healthz (no dependency checked, so a broker outage restarts nothing); readiness: /readyz
// (every dependency answers), which takes a replica out of the ingress rotation.
var probes = [
  {
    type: 'Startup'
    httpGet: { path: '/healthz', port: opsPort }
    initialDelaySeconds: 5
    periodSeconds: 5
    timeoutSeconds: 3
    failureThreshold: 10
  }
  {
    type: 'Liveness'
    httpGet: { path: '/healthz', port: opsPort }
    periodSeconds: 15
    timeoutSeconds: 5
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: { path: '/readyz', port: opsPort }
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 3
  }
]

resource app 'Microsoft.App/containerApps@2024-10-02-preview' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: union(
      { '${identityId}': {} },
      empty(scaleIdentityId) ? {} : { '${scaleIdentityId}': {} }
    )
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
        targetPort: publicPort
        transport: 'http'
        allowInsecure: false
        // The ops listener, reachable from other apps of the environment (KEDA's metrics-api,
        // scrapers) at <app name>:<opsPort>, never from outside it.
        additionalPortMappings: [{ external: false, targetPort: opsPort, exposedPort: opsPort }]
      }
    }
    template: {
      terminationGracePeriodSeconds: terminationGracePeriodSeconds
      containers: [
        {
          name: serviceName
          image: empty(image) ? placeholderImage : image
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
