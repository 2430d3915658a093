/**
 * `cmg`: the command-line tool over the same core as the extension.
 *   cmg check FILE... [--deployed SNAPSHOT] [--format text|json]
 *   cmg cert check FILE [...]
 *   cmg script subca --service-fqdn NAME (...)
 *   cmg plan DESIRED.cmg.json [--deployed SNAPSHOT.cmg.json] [--format text|json]
 *   cmg preflight DESIRED.cmg.json [--gateway NAME] [--format text|json] [--arm-endpoint URL]
 * Exit codes: 0 no error finding, 1 error findings / refused input, 2 usage.
 */
import { configureL10nFromEnv, t } from '../core/l10n';
import { CliIO, EXIT_USAGE, Subcommand, UsageError, processIO } from './io';

const subcommands: Record<string, () => Promise<Subcommand>> = {
  check: async () => (await import('./check')).checkCommand,
  'cert check': async () => (await import('./cert')).certCheckCommand,
  'script subca': async () => (await import('./script')).scriptSubcaCommand,
  plan: async () => (await import('./plan')).planCommand,
  preflight: async () => (await import('./preflight')).preflightCommand,
};

export function usage(): string {
  return [
    t('Usage:'),
    '  cmg check FILE... [--deployed SNAPSHOT] [--format text|json]',
    '  cmg cert check FILE [--role server|trusted|client] [--password-env VAR | --password-file F]',
    '                 [--fqdn NAME] [--current-fqdn NAME] [--environment public|usgov]',
    '                 [--deployment vmss|classic] [--trusted FILE]... [--untrusted FILE]...',
    '                 [--at ISO-8601-TIME] [--expiry-warning-days N] [--format text|json]',
    '  cmg script subca --service-fqdn NAME (--chain FILE [--password-env VAR | --password-file F] | --thumbprint TP...)',
    '                 [--language vbscript|powershell] [--out FILE]',
    '  cmg plan DESIRED.cmg.json [--deployed SNAPSHOT.cmg.json] [--format text|json]',
    '  cmg preflight DESIRED.cmg.json [--gateway NAME] [--format text|json] [--arm-endpoint URL]',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const two = argv.slice(0, 2).join(' ');
  const key = subcommands[two] ? two : argv[0] ?? '';
  const load = subcommands[key];
  if (!load || argv[0] === '--help' || argv[0] === '-h') {
    const help = argv[0] === '--help' || argv[0] === '-h';
    (help ? io.stdout : io.stderr)(usage());
    return help ? 0 : EXIT_USAGE;
  }
  const rest = argv.slice(key.split(' ').length);
  try {
    const command = await load();
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`cmg: ${err.message}\n\n${usage()}`);
      return EXIT_USAGE;
    }
    // Never a stack trace for the user: one line naming the problem.
    io.stderr(`cmg: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  configureL10nFromEnv();
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`cmg: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
