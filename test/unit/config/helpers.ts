/** Builders for configuration tests and the config benchmark (compiled to out/test/unit/config/helpers.js). */
import type { CmgConfig, Gateway } from '../../../src/core/model';

export { checkConfig } from '../../../src/core/config/check';

export function gateway(overrides: Partial<Gateway> = {}): Gateway {
  return {
    name: 'granitefalls',
    serviceFqdn: 'granitefalls.contoso.com',
    deploymentMethod: 'vmss',
    environment: 'AzurePublicCloud',
    subscriptionId: '3f2c8a61-7d4e-4b0a-9c55-1e8d2b6f4a90',
    region: 'westeurope',
    resourceGroup: { name: 'rg-cmg-granitefalls', create: true },
    vmSize: 'Standard_A2_v2',
    vmInstances: 2,
    serverCertificate: 'certs/granitefalls.pfx',
    trustedCertificates: ['certs/contoso-root.cer'],
    verifyClientCertificateRevocation: true,
    enforceTls12: true,
    allowContent: true,
    alerts: {
      dataTransfer: { enabled: true, thresholdGB: 10000, warningPercent: 50, criticalPercent: 90, stopServiceWhenCritical: false },
      storage: { enabled: false, thresholdGB: 2, warningPercent: 50, criticalPercent: 90 },
    },
    boundaryGroups: [],
    ...overrides,
  };
}

/** A valid configuration with one gateway, one connection point and an HTTPS MP with CMG traffic. */
export function config(overrides: Partial<CmgConfig> = {}): CmgConfig {
  return {
    version: 1,
    site: { code: 'P01', version: '2403', provider: 'cm01.corp.contoso.com', clientAuthentication: 'both', enhancedHttp: true, checkClientCrl: false },
    gateways: [gateway()],
    connectionPoints: [{ server: 'cm01.corp.contoso.com', siteCode: 'P01', gateway: 'granitefalls' }],
    siteRoles: [{ server: 'cm01.corp.contoso.com', role: 'managementPoint', https: true, allowCmgTraffic: true }],
    ...overrides,
  };
}

/** A large valid configuration: `gateways` VMSS gateways with `cpsPerGateway` connection points each. */
export function largeConfig(gateways = 100, cpsPerGateway = 4): CmgConfig {
  const regions = ['westeurope', 'northeurope', 'eastus', 'westus2', 'uksouth'];
  return config({
    gateways: Array.from({ length: gateways }, (_, i) =>
      gateway({
        name: `cmg${String(i).padStart(3, '0')}`,
        serviceFqdn: `cmg${String(i).padStart(3, '0')}.contoso.com`,
        region: regions[i % regions.length],
        resourceGroup: { name: `rg-cmg-${i}`, create: false },
        vmInstances: 1 + (i % 16),
        trustedCertificates: ['certs/root.cer', 'certs/issuing.cer'],
        boundaryGroups: [`BG ${i}`],
      }),
    ),
    connectionPoints: Array.from({ length: gateways * cpsPerGateway }, (_, j) => ({
      server: `cp${String(j).padStart(3, '0')}.corp.contoso.com`,
      siteCode: 'P01',
      gateway: `cmg${String(Math.floor(j / cpsPerGateway)).padStart(3, '0')}`,
    })),
    siteRoles: [
      { server: 'mp01.corp.contoso.com', role: 'managementPoint', https: true, allowCmgTraffic: true },
      { server: 'sup01.corp.contoso.com', role: 'softwareUpdatePoint', https: true, allowCmgTraffic: true },
    ],
  });
}
