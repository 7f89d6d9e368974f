// The function app on the Flex Consumption plan (FC1, Linux), .NET 10 isolated worker, running as the
// user-assigned identity. Its app settings are the settings the code reads (see docs/deploy.md):
// storage is identity-based, secrets are Key Vault references resolved with the same identity.

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Storage account of the host, the task hub and the app\'s data.')
param storageAccountName string

@description('Blob endpoint of that account (https://<account>.blob.<suffix>/).')
param storageBlobEndpoint string

@description('Container of the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string (no secret: local auth is off, Entra ID is required).')
param applicationInsightsConnectionString string

@description('Versionless Key Vault secret URIs: sendGridApiKey, linkKeyCurrent, linkKeyPrevious, staffKey.')
param secretUris object

@description('Durable Functions task hub name (letters and digits, 3-45, starting with a letter).')
@minLength(3)
@maxLength(45)
param taskHubName string

@description('Public base URL of the links in mails; empty = the function app\'s own https URL.')
param publicBaseUrl string

@description('Folder of the campaign JSON files, relative to the app\'s content.')
param campaignsPath string

@description('SendGrid API host.')
param sendGridHost string

@description('Sender address of every mail (a sender verified in SendGrid).')
param sendGridFromEmail string

@description('Sender name of every mail.')
param sendGridFromName string

@description('NCRONTAB (UTC) of the staff digest timer.')
param digestSchedule string

@description('Client id of the Entra ID app registration that signs staff in (App Service Authentication); its app roles are instruction, jury-president, cp-secretariat, finance, admin.')
@minLength(36)
@maxLength(36)
param staffEntraClientId string

@description('Maximum instances the app scales out to (Flex Consumption: 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Every app setting the code reads, and only those (a test compares this list with the code).
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      TASKHUB_NAME: taskHubName
      DIGEST_SCHEDULE: digestSchedule
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      Ami__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${functionApp.properties.defaultHostName}' : publicBaseUrl
      Ami__CampaignsPath: campaignsPath
      Ami__StaffKey: '@Microsoft.KeyVault(SecretUri=${secretUris.staffKey})'
      Ami__LinkKeys__Current: '@Microsoft.KeyVault(SecretUri=${secretUris.linkKeyCurrent})'
      Ami__LinkKeys__Previous: '@Microsoft.KeyVault(SecretUri=${secretUris.linkKeyPrevious})'
      SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${secretUris.sendGridApiKey})'
      SendGrid__Host: sendGridHost
      SendGrid__FromEmail: sendGridFromEmail
      SendGrid__FromName: sendGridFromName
      Ami__Mail__MaxAttempts: '4'
      Ami__Mail__FirstRetryDelay: '00:00:02'
      Ami__Mail__MaxRetryDelay: '00:00:30'
      Ami__Scanning__Engine: 'Defender'
      Ami__Scanning__ClamAvHost: '127.0.0.1'
      Ami__Scanning__ClamAvPort: '3310'
      Ami__Scanning__RetryFirst: '00:00:30'
      Ami__Scanning__RetryMax: '00:30:00'
      Ami__Scanning__StuckAfter: '02:00:00'
      Ami__Scanning__ScanTimeout: '00:05:00'
      Ami__Uploads__LeaseDuration: '00:01:30'
      Ami__Uploads__HeartbeatEvery: '00:00:20'
      Ami__Journey__StartVersion: '1.3'
      Ami__StaffAuth__PlatformAuthentication: 'true'
      Ami__StaffAuth__SessionLifetime: '08:00:00'
    }
  }

  // App Service Authentication with Entra ID: staff sign in at /.auth/login/aad, and the platform hands the app the
  // signed-in person (X-MS-CLIENT-PRINCIPAL, roles included) after stripping any such header a client sent. Holders,
  // mailed links and the API stay anonymous for the platform: the app decides who may do what, route by route.
  resource authSettings 'config' = {
    name: 'authsettingsV2'
    properties: {
      platform: {
        enabled: true
        runtimeVersion: '~1'
      }
      globalValidation: {
        requireAuthentication: false
        unauthenticatedClientAction: 'AllowAnonymous'
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: staffEntraClientId
            openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          }
          validation: {
            allowedAudiences: [
              staffEntraClientId
              'api://${staffEntraClientId}'
            ]
          }
        }
      }
      login: {
        tokenStore: {
          enabled: true
        }
        cookieExpiration: {
          convention: 'FixedTime'
          timeToExpiration: '08:00:00'
        }
      }
      httpSettings: {
        requireHttps: true
        forwardProxy: {
          convention: 'NoProxy'
        }
      }
    }
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
