/**
 * The configuration check pipeline: parse (CFG-PARSE) → schema (CFG-SCHEMA) → semantic rules
 * (CFG-*). Pure and fast: no I/O except through the injected `fileExists`.
 * The extension (diagnostics), the CLI (`cmg check`) and the wizard all call `checkConfig`.
 */
import type { Finding } from '../findings';
import { compareFindings } from '../findings';
import { type ParsedConfig, findingRange, locate, parseConfigText, withRanges } from './parse';
import { semanticFindings } from './rules';
import { schemaFindings } from './schemaCheck';

export { CONFIG_RULES, configRule } from './catalog';
export { locate, parseConfigText, withRanges };
export type { ParsedConfig };

export interface ConfigCheckOptions {
  /** US Gov VMSS deployment-name suffix (setting `cmg.azure.usGovVmssSuffix`); default `cloudapp.usgovcloudapi.net`. */
  usGovVmssSuffix?: string;
  /** Injected file test for CFG-CERT-MISSING (absolute paths); without it that rule is skipped. */
  fileExists?: (absolutePath: string) => boolean;
}

export interface ConfigCheckResult {
  findings: Finding[];
  parsed: ParsedConfig;
  deployed?: ParsedConfig;
}

export function checkConfig(input: { text: string; filePath: string; deployedText?: string; options?: ConfigCheckOptions }): ConfigCheckResult {
  const parsed = parseConfigText(input.text);
  const deployed = input.deployedText !== undefined ? parseConfigText(input.deployedText) : undefined;
  if (parsed.parseFindings.length > 0) {
    // Findings on a half-parsed file would mislead: fix the JSON first.
    return { findings: [...parsed.parseFindings], parsed, deployed };
  }
  const findings: Finding[] = [...schemaFindings(parsed)];
  if (parsed.config) {
    findings.push(
      ...semanticFindings(parsed, {
        filePath: input.filePath,
        deployed: deployed?.parseFindings.length === 0 ? deployed.config : undefined,
        usGovVmssSuffix: input.options?.usGovVmssSuffix,
        fileExists: input.options?.fileExists,
      }),
    );
  }
  const positioned = findings.map((f) => (f.range || f.path === undefined ? f : { ...f, range: findingRange(parsed, f.path) }));
  positioned.sort(compareFindings);
  return { findings: positioned, parsed, deployed };
}
