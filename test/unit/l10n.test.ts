import * as assert from 'node:assert/strict';
import { configureL10n, t, toLanguage } from '../../src/core/l10n';

describe('core l10n', () => {
  afterEach(() => configureL10n('en', undefined));

  it('maps locale tags to supported languages', () => {
    assert.equal(toLanguage('nl-BE'), 'nl');
    assert.equal(toLanguage('fr_CA.UTF-8'), 'fr');
    assert.equal(toLanguage('de-DE'), 'en');
    assert.equal(toLanguage(undefined), 'en');
  });

  it('translates through the installed bundle and formats arguments', () => {
    configureL10n('nl', { 'Gateway {0} has no connection point.': 'Gateway {0} heeft geen verbindingspunt.' });
    assert.equal(t('Gateway {0} has no connection point.', 'GraniteFalls'), 'Gateway GraniteFalls heeft geen verbindingspunt.');
    configureL10n('en', undefined);
    assert.equal(t('Gateway {0} has no connection point.', 'GraniteFalls'), 'Gateway GraniteFalls has no connection point.');
  });
});
