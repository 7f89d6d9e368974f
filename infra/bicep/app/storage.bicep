// The one storage account: the app's data (blob container `dossiers`, tables), the Functions host
// (keys, timer locks), the Flex Consumption deployment package, and the Durable Functions task hub,
// which creates its own queues (`<hub>-control-NN`, `<hub>-workitems`), tables (`<hub>Instances`,
// `<hub>History`) and lease blobs at start (so none of them is declared here).
// Shared keys are off: every client authenticates with Entra ID.

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Blob container holding the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Private blob container of the dossiers\' attachments.')
param dossiersContainerName string

@description('Tables of the app\'s data.')
param tableNames string[]

@description('Replication of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

@description('Monthly cap of Defender for Storage malware scanning, in GB scanned (scanning stops for the month beyond it, and files then stay "pending").')
@minValue(1)
param malwareScanningCapGBPerMonth int = 50

@description('Days a deleted blob or container can be restored.')
@minValue(1)
@maxValue(365)
param deleteRetentionDays int = 7

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    dnsEndpointType: 'Standard'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'
    properties: {
      deleteRetentionPolicy: {
        enabled: true
        days: deleteRetentionDays
      }
      containerDeleteRetentionPolicy: {
        enabled: true
        days: deleteRetentionDays
      }
    }

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }

    resource dossiersContainer 'containers' = {
      name: dossiersContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource tableServices 'tableServices' = {
    name: 'default'

    resource tables 'tables' = [
      for tableName in tableNames: {
        name: tableName
      }
    ]
  }
}

// Microsoft Defender for Storage, malware scanning on upload: every blob written (dossier attachments, bilans) is
// scanned, and the result is written to the blob index tag "Malware Scanning scan result" ("No threats found",
// "Malicious", …), which the app reads into each attachment's state (Ami:Scanning:Engine = Defender, its default;
// the app's identity reads tags as Storage Blob Data Owner, see rbac.bicep). The account's settings override the
// subscription's plan.
resource defenderForStorage 'Microsoft.Security/defenderForStorageSettings@2022-12-01-preview' = {
  name: 'current'
  scope: storage
  properties: {
    isEnabled: true
    overrideSubscriptionLevelSettings: true
    malwareScanning: {
      onUpload: {
        isEnabled: true
        capGBPerMonth: malwareScanningCapGBPerMonth
      }
    }
    sensitiveDataDiscovery: {
      isEnabled: false
    }
  }
}

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
