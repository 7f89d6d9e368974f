// Key Vault in RBAC mode holding the app's secrets. The app reads them through Key Vault references
// in its app settings (resolved by the platform with the user-assigned identity), never as plain values.
// Secrets are versioned: references without a version follow the latest one (see docs/deploy.md).

@description('Name of the vault (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('SendGrid API key (mail.send permission).')
@secure()
param sendGridApiKey string

@description('Base64 key (32 bytes or more) that signs new action links.')
@secure()
param linkKeyCurrent string

@description('Previous link-signing key, still accepted after a rotation; empty = none (the current key is stored in its place).')
@secure()
param linkKeyPrevious string

@description('Staff key accepted on staff routes besides the function keys.')
@secure()
param staffKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }

  resource sendGridApiKeySecret 'secrets' = {
    name: 'sendgrid-api-key'
    properties: {
      value: sendGridApiKey
      contentType: 'text/plain'
    }
  }

  resource linkKeyCurrentSecret 'secrets' = {
    name: 'link-key-current'
    properties: {
      value: linkKeyCurrent
      contentType: 'base64'
    }
  }

  resource linkKeyPreviousSecret 'secrets' = {
    name: 'link-key-previous'
    properties: {
      value: empty(linkKeyPrevious) ? linkKeyCurrent : linkKeyPrevious
      contentType: 'base64'
    }
  }

  resource staffKeySecret 'secrets' = {
    name: 'staff-key'
    properties: {
      value: staffKey
      contentType: 'text/plain'
    }
  }
}

output name string = vault.name

@description('Versionless URIs of the secrets, for Key Vault references.')
output secretUris object = {
  sendGridApiKey: vault::sendGridApiKeySecret.properties.secretUri
  linkKeyCurrent: vault::linkKeyCurrentSecret.properties.secretUri
  linkKeyPrevious: vault::linkKeyPreviousSecret.properties.secretUri
  staffKey: vault::staffKeySecret.properties.secretUri
}
