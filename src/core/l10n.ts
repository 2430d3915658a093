/**
 * Localization for the core (no `vscode` import). The core calls `t()` from `@vscode/l10n`,
 * which reads the same `l10n/bundle.l10n.<lang>.json` files the extension uses:
 * - in the extension host, `src/extension.ts` calls `configureL10n` with `vscode.l10n.uri`'s
 *   contents (or `vscode.l10n.bundle`);
 * - in the CLI, `configureL10nFromEnv` picks the language from CMG_LANG / LC_ALL / LC_MESSAGES / LANG.
 * English is the source text: without a bundle, `t()` returns the English string.
 */
import * as l10n from '@vscode/l10n';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const t = l10n.t;

export const SUPPORTED_LANGUAGES = ['en', 'nl', 'fr'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

let current: Language = 'en';

export function currentLanguage(): Language {
  return current;
}

/** Normalizes `nl-BE`, `fr_CA.UTF-8`, `en-US` … to a supported language. */
export function toLanguage(tag: string | undefined): Language {
  const base = (tag ?? '').toLowerCase().split(/[-_.@]/)[0];
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(base) ? (base as Language) : 'en';
}

/** Installs a bundle of translations (key: English source text, value: translation). */
export function configureL10n(language: string, contents: Record<string, string> | undefined): void {
  current = toLanguage(language);
  l10n.config({ contents: current === 'en' || !contents ? {} : contents });
}

/** For the CLI: finds l10n/bundle.l10n.<lang>.json next to the bundled dist/ or the sources. */
export function configureL10nFromEnv(env: NodeJS.ProcessEnv = process.env, baseDir = __dirname): Language {
  const lang = toLanguage(env.CMG_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG);
  if (lang === 'en') {
    configureL10n('en', undefined);
    return lang;
  }
  for (const dir of [path.join(baseDir, '..', 'l10n'), path.join(baseDir, '..', '..', 'l10n'), path.join(baseDir, '..', '..', '..', 'l10n')]) {
    const file = path.join(dir, `bundle.l10n.${lang}.json`);
    if (existsSync(file)) {
      configureL10n(lang, JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
      return lang;
    }
  }
  configureL10n('en', undefined);
  return 'en';
}
