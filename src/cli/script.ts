/**
 * `cmg script subca --service-fqdn NAME (--chain FILE [--password-env VAR | --password-file F] | --thumbprint TP...)
 *                   [--language vbscript|powershell] [--out FILE]`
 * Prints the sub-CA thumbprint script (issue #4) to stdout, or writes it to --out.
 * Exit codes: 0 generated, 1 input refused (bad name, bad thumbprint, chain without sub-CA,
 * unreadable chain), 2 usage. A password is never printed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CertReport } from '../core/certs/types';
import { currentLanguage, t } from '../core/l10n';
import { SCRIPT_LANGUAGES, type ScriptLanguage, type SubCaScriptRequest, buildSubCaScript } from '../core/scripts/subca';
import { CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from './io';

export interface SubcaArgs {
  serviceFqdn: string;
  chain?: string;
  passwordEnv?: string;
  passwordFile?: string;
  thumbprints?: string[];
  language: ScriptLanguage;
  out?: string;
}

/** Loads a certificate chain; replaced in tests. Default: the certificate checker (issue #3). */
export type ChainLoader = (file: string, password: string | undefined) => Promise<CertReport>;

const defaultChainLoader: ChainLoader = async (file, password) => {
  const { checkCertificate } = await import('../core/certs/check');
  return checkCertificate({ file, password, role: 'server' });
};

const VALUE_OPTIONS = new Set(['--service-fqdn', '--chain', '--password-env', '--password-file', '--language', '--out']);

/** Parses the arguments; throws UsageError for anything that is not the contract above. */
export function parseSubcaArgs(args: readonly string[]): SubcaArgs {
  const values = new Map<string, string>();
  let thumbprints: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (name === '--thumbprint') {
      thumbprints ??= [];
      if (inline !== undefined) thumbprints.push(inline);
      else {
        const start = i;
        // One or more values, up to the next option.
        while (i + 1 < args.length && !args[i + 1]!.startsWith('--')) thumbprints.push(args[++i]!);
        if (i === start) throw new UsageError(t('Option {0} needs a value.', '--thumbprint'));
      }
    } else if (VALUE_OPTIONS.has(name)) {
      if (values.has(name)) throw new UsageError(t('Option {0} is given more than once.', name));
      const value = inline ?? args[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(t('Option {0} needs a value.', name));
      values.set(name, value);
    } else if (arg.startsWith('-')) {
      throw new UsageError(t('Unknown option {0}.', arg));
    } else {
      throw new UsageError(t('Unexpected argument {0}.', arg));
    }
  }
  const serviceFqdn = values.get('--service-fqdn');
  if (serviceFqdn === undefined) throw new UsageError(t('Option {0} is required.', '--service-fqdn'));
  const chain = values.get('--chain');
  if (chain !== undefined && thumbprints !== undefined) throw new UsageError(t('Give either --chain or --thumbprint, not both.'));
  if (chain === undefined && thumbprints === undefined) throw new UsageError(t('Give --chain FILE or --thumbprint TP.'));
  const passwordEnv = values.get('--password-env');
  const passwordFile = values.get('--password-file');
  if ((passwordEnv !== undefined || passwordFile !== undefined) && chain === undefined) {
    throw new UsageError(t('--password-env and --password-file go with --chain.'));
  }
  if (passwordEnv !== undefined && passwordFile !== undefined) throw new UsageError(t('Give either --password-env or --password-file, not both.'));
  const language = values.get('--language') ?? 'vbscript';
  if (!(SCRIPT_LANGUAGES as readonly string[]).includes(language)) {
    throw new UsageError(t('--language must be vbscript or powershell, not {0}.', JSON.stringify(language)));
  }
  return {
    serviceFqdn,
    chain,
    passwordEnv,
    passwordFile,
    thumbprints,
    language: language as ScriptLanguage,
    out: values.get('--out'),
  };
}

class Refused extends Error {}

async function readPassword(args: SubcaArgs, io: CliIO): Promise<string | undefined> {
  if (args.passwordEnv !== undefined) {
    const value = io.env[args.passwordEnv];
    if (value === undefined) throw new Refused(t('Environment variable {0} (--password-env) is not set.', args.passwordEnv));
    return value;
  }
  if (args.passwordFile !== undefined) {
    const file = path.resolve(io.cwd, args.passwordFile);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new Refused(t('Cannot read the password file {0}.', args.passwordFile));
    }
    // One line: the trailing line break is not part of the password.
    return text.replace(/\r?\n$/, '');
  }
  return undefined;
}

export async function runScriptSubca(args: SubcaArgs, io: CliIO, loadChain: ChainLoader = defaultChainLoader): Promise<number> {
  let request: SubCaScriptRequest;
  try {
    if (args.chain !== undefined) {
      const password = await readPassword(args, io);
      const file = path.resolve(io.cwd, args.chain);
      const report = await loadChain(file, password);
      if (!report.certificate) {
        // The checker could not open the file: its findings say why (corrupt, wrong password…).
        const reasons = report.findings.filter((f) => f.severity === 'error').map((f) => f.message);
        throw new Refused(reasons.length > 0 ? reasons.join('\n') : t('Cannot read the certificate file {0}.', args.chain));
      }
      request = { serviceName: args.serviceFqdn, chain: { file: args.chain, entries: report.chain }, scriptLanguage: args.language, language: currentLanguage() };
    } else {
      request = { serviceName: args.serviceFqdn, thumbprints: args.thumbprints ?? [], scriptLanguage: args.language, language: currentLanguage() };
    }
  } catch (err) {
    if (err instanceof Refused) {
      io.stderr(`cmg: ${err.message}\n`);
      return EXIT_FINDINGS;
    }
    throw err;
  }
  const result = buildSubCaScript(request);
  if (!result.ok) {
    for (const message of result.errors) io.stderr(`cmg: ${message}\n`);
    return EXIT_FINDINGS;
  }
  if (args.out !== undefined) {
    const file = path.resolve(io.cwd, args.out);
    try {
      await writeFile(file, result.script.text, 'utf8');
    } catch {
      io.stderr(`cmg: ${t('Cannot write {0}.', args.out)}\n`);
      return EXIT_FINDINGS;
    }
    io.stderr(`${t('Wrote {0}.', args.out)}\n`);
  } else {
    io.stdout(result.script.text);
  }
  return EXIT_OK;
}

export async function scriptSubcaCommand(args: string[], io: CliIO): Promise<number> {
  return runScriptSubca(parseSubcaArgs(args), io);
}
