/**
 * The starter `<name>.cmg.json` written by "Create a CMG configuration": one site, one gateway
 * skeleton, one connection point and one management point, with a comment per section (in the
 * user's language). Valid against the schema; what the admin must fill (names, subscription,
 * certificate file) is marked in the comments.
 */
import * as vscode from 'vscode';

/** Lowercase letters and digits of the configuration name, as a DNS label for the example FQDN. */
export function servicePrefix(name: string): string {
  const letters = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const prefix = /^[a-z]/.test(letters) ? letters : `cmg${letters}`;
  const clipped = prefix.slice(0, 24);
  return clipped.length >= 3 ? clipped : `${clipped}cmg`.slice(0, 24);
}

/** `// ` comment lines, word-wrapped so that no line exceeds `width` columns. */
export function comment(text: string, indent: string, width = 100): string {
  const room = Math.max(30, width - indent.length - 3);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > room) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines.map((l) => `${indent}// ${l}`).join('\n');
}

export function starterConfiguration(name: string): string {
  const prefix = servicePrefix(name);
  const c = (text: string, indent = '  ') => comment(text, indent);
  return `${c(vscode.l10n.t('CMG Tools configuration: your site, its cloud management gateways, their connection points, and the site roles that accept CMG traffic.'), '')}
${c(vscode.l10n.t('Checked as you type. Hover a property for its documentation; Ctrl+Space lists the allowed values.'), '')}
{
  "version": 1,

${c(vscode.l10n.t('The Configuration Manager site: site code, version (yymm, e.g. 2403) and SMS Provider. Replace the example values.'))}
  "site": {
    "code": "P01",
    "version": "2403",
    "provider": "cm01.example.com",
${c(vscode.l10n.t('How clients authenticate to the gateway: pki (client certificates), entra (Microsoft Entra ID) or both.'), '    ')}
    "clientAuthentication": "entra",
    "enhancedHttp": true,
    "checkClientCrl": false
  },

${c(vscode.l10n.t('One entry per cloud management gateway. Fill in the service FQDN (the CN of the server certificate), the subscription, the region and the certificate file.'))}
  "gateways": [
    {
      "name": "${prefix}",
      "description": "",
      "serviceFqdn": "${prefix}.example.com",
      "deploymentMethod": "vmss",
      "environment": "AzurePublicCloud",
${c(vscode.l10n.t('Your Azure subscription ID (a GUID).'), '      ')}
      "subscriptionId": "00000000-0000-0000-0000-000000000000",
      "region": "westeurope",
      "resourceGroup": { "name": "rg-${prefix}", "create": true },
      "vmSize": "Standard_A2_v2",
      "vmInstances": 2,
${c(vscode.l10n.t('Path of the server authentication certificate (.pfx), relative to this file.'), '      ')}
      "serverCertificate": "certs/${prefix}.pfx",
${c(vscode.l10n.t('Trusted root and intermediate CA certificates: only for PKI client authentication.'), '      ')}
      "trustedCertificates": [],
      "verifyClientCertificateRevocation": false,
      "enforceTls12": true,
      "allowContent": true,
      "alerts": {
        "dataTransfer": { "enabled": true, "thresholdGB": 10000, "warningPercent": 50, "criticalPercent": 90, "stopServiceWhenCritical": false },
        "storage": { "enabled": false, "thresholdGB": 2, "warningPercent": 50, "criticalPercent": 90 }
      },
      "boundaryGroups": []
    }
  ],

${c(vscode.l10n.t('The site systems that host the CMG connection point, and the gateway each one connects to.'))}
  "connectionPoints": [
    { "server": "cm01.example.com", "siteCode": "P01", "gateway": "${prefix}" }
  ],

${c(vscode.l10n.t('Management points and software update points: HTTPS and whether they allow CMG traffic.'))}
  "siteRoles": [
    { "server": "cm01.example.com", "role": "managementPoint", "https": true, "allowCmgTraffic": true }
  ]
}
`;
}
