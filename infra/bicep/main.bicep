// AmiFunctions in Azure (azd): a resource group holding a Flex Consumption function app (.NET 10
// isolated), its storage account (shared keys off), a user-assigned identity with data roles only,
// Application Insights (Entra ID auth) on Log Analytics, and a Key Vault (RBAC) for the secrets.
// Deploy with `azd up` (see docs/deploy.md). Every module is local: no registry is needed to build.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds the unique resource names and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region of every resource (one where Flex Consumption is offered, e.g. francecentral).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name; empty = rg-<environmentName>.')
param resourceGroupName string = ''

@description('Public base URL of the links in mails (custom domain); empty = the function app\'s https URL.')
param publicBaseUrl string = ''

@description('Durable Functions task hub name.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'AmiTaskHub'

@description('Folder of the campaign JSON files, relative to the deployed app.')
param campaignsPath string = 'campaigns'

@description('SendGrid API host.')
param sendGridHost string = 'https://api.sendgrid.com'

@description('Sender address of every mail: a sender verified in the SendGrid account.')
param sendGridFromEmail string

@description('Sender name of every mail.')
param sendGridFromName string = 'Région – AMI Innovation sociale'

@description('NCRONTAB in UTC of the staff digest timer: 06:00 and 07:00 UTC, the job keeps the run at 08:00 Europe/Paris.')
param digestSchedule string = '0 0 6,7 * * *'

@description('SendGrid API key (mail.send permission).')
@secure()
param sendGridApiKey string

@description('Base64 key (32 bytes or more) signing new action links.')
@secure()
param linkKeyCurrent string

@description('Previous link-signing key, accepted for links signed before a rotation; empty = none.')
@secure()
param linkKeyPrevious string = ''

@description('Staff key of programs on the staff routes (people sign in with Entra ID instead).')
@secure()
param staffKey string

@description('Client id of the Entra ID app registration that signs staff in (App Service Authentication, app roles: instruction, jury-president, cp-secretariat, finance, admin).')
@minLength(36)
@maxLength(36)
param staffEntraClientId string

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-ami-${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'
// Exactly the tables the app uses (InfraTablesTests compares this list with the code).
var tableNames = [
  'Dossiers'
  'Actions'
  'Payments'
  'Audit'
  'Idempotency'
  'Campaigns'
  'Counters'
  'SentMails'
  'LateSubmissions'
  'Uploads'
  'HolderMoves'
  'Drafts'
  'StaffPeople'
  'CpSessions'
  'JurySheetDrafts'
  'JuryOpinionDrafts'
]

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-ami-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-ami-${resourceToken}'
    applicationInsightsName: 'appi-ami-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'stami${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    dossiersContainerName: 'dossiers'
    tableNames: tableNames
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-ami-${resourceToken}'
    location: location
    tags: tags
    sendGridApiKey: sendGridApiKey
    linkKeyCurrent: linkKeyCurrent
    linkKeyPrevious: linkKeyPrevious
    staffKey: staffKey
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  // The roles must exist before the host starts and resolves its Key Vault references.
  dependsOn: [
    rbac
  ]
  params: {
    name: functionAppName
    planName: 'plan-ami-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    secretUris: keyVault.outputs.secretUris
    taskHubName: taskHubName
    publicBaseUrl: publicBaseUrl
    campaignsPath: campaignsPath
    sendGridHost: sendGridHost
    sendGridFromEmail: sendGridFromEmail
    sendGridFromName: sendGridFromName
    digestSchedule: digestSchedule
    staffEntraClientId: staffEntraClientId
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output TASKHUB_NAME string = taskHubName
