import type { CmgConfig, Gateway } from '../../../src/core/model';

export function gateway(over: Partial<Gateway> = {}): Gateway {
  return {
    name: 'GraniteFalls',
    description: 'Primary CMG',
    serviceFqdn: 'GraniteFalls.contoso.com',
    deploymentMethod: 'vmss',
    environment: 'AzurePublicCloud',
    subscriptionId: '00000000-1111-2222-3333-444444444444',
    region: 'westeurope',
    resourceGroup: { name: 'cmg-rg', create: true },
    vmSize: 'Standard_A2_v2',
    vmInstances: 2,
    serverCertificate: 'certs/granitefalls.pfx',
    trustedCertificates: ['certs/root.cer'],
    verifyClientCertificateRevocation: true,
    enforceTls12: true,
    allowContent: true,
    alerts: {
      dataTransfer: { enabled: true, thresholdGB: 10000, warningPercent: 50, criticalPercent: 90, stopServiceWhenCritical: false },
      storage: { enabled: false, thresholdGB: 2, warningPercent: 50, criticalPercent: 90 },
    },
    boundaryGroups: [],
    ...over,
  };
}

export function legacy(over: Partial<Gateway> = {}): Gateway {
  return gateway({
    name: 'ContosoLegacy',
    description: 'Classic CMG',
    serviceFqdn: 'contosocmg.contoso.com',
    deploymentMethod: 'classic',
    region: 'westeurope',
    resourceGroup: { name: 'cmg-legacy', create: false },
    serverCertificate: 'certs/contosocmg.pfx',
    ...over,
  });
}

export function config(gateways: Gateway[], over: Partial<CmgConfig> = {}): CmgConfig {
  return {
    version: 1,
    site: { code: 'PS1', version: '2403', provider: 'cm01.contoso.com', clientAuthentication: 'entra', enhancedHttp: true, checkClientCrl: false },
    gateways,
    connectionPoints: gateways.map((g, i) => ({ server: `cmcp${i + 1}.contoso.com`, siteCode: 'PS1', gateway: g.name })),
    siteRoles: [
      { server: 'mp01.contoso.com', role: 'managementPoint', https: true, allowCmgTraffic: true },
      { server: 'sup01.contoso.com', role: 'softwareUpdatePoint', https: true, allowCmgTraffic: true },
    ],
    ...over,
  };
}
