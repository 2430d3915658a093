import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import { connectionPointsOf, daysUntil, deployedState, expiryLevel, gatewayProblems, groupSiteRoles, pointerWithin } from '../../../src/tree/model';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-11-23T10:00:00Z');

describe('tree model', () => {
  describe('days to expiry', () => {
    it('rounds down to whole days and goes negative once expired', () => {
      assert.equal(daysUntil(new Date(now.getTime() + 23.9 * DAY), now), 23);
      assert.equal(daysUntil(new Date(now.getTime() + 1000), now), 0);
      assert.equal(daysUntil(new Date(now.getTime() - 1000), now), -1);
      assert.equal(daysUntil(new Date(now.getTime() - 3.5 * DAY), now), -4);
    });

    it('is a warning inside the window, ok outside, expired at and after notAfter', () => {
      assert.equal(expiryLevel(new Date(now.getTime() + 23 * DAY), now, 30), 'warning');
      assert.equal(expiryLevel(new Date(now.getTime() + 30 * DAY), now, 30), 'ok');
      assert.equal(expiryLevel(new Date(now.getTime() + 29.99 * DAY), now, 30), 'warning');
      assert.equal(expiryLevel(now, now, 30), 'expired');
      assert.equal(expiryLevel(new Date(now.getTime() - DAY), now, 30), 'expired');
    });
  });

  describe('problems per gateway', () => {
    const f = (path: string | undefined, severity: Finding['severity']): Finding => ({ rule: 'X', severity, message: 'm', path });

    it('matches JSON pointers by segment, not by prefix text', () => {
      assert.equal(pointerWithin('/gateways/1/vmSize', '/gateways/1'), true);
      assert.equal(pointerWithin('/gateways/1', '/gateways/1'), true);
      assert.equal(pointerWithin('/gateways/10', '/gateways/1'), false);
      assert.equal(pointerWithin(undefined, '/gateways/1'), false);
    });

    it('counts the gateway\'s own findings and those of its connection points', () => {
      const findings = [f('/gateways/0/vmInstances', 'error'), f('/gateways/0', 'warning'), f('/gateways/1/region', 'error'), f('/connectionPoints/2', 'error'), f('/connectionPoints/1', 'info'), f(undefined, 'error'), f('/siteRoles/0', 'error')];
      assert.deepEqual(gatewayProblems(findings, 0, [2]), { errors: 2, warnings: 1, infos: 0 });
      assert.deepEqual(gatewayProblems(findings, 1, [1]), { errors: 1, warnings: 0, infos: 1 });
    });

    it('finds a gateway\'s connection points without case, ignoring malformed entries', () => {
      const config = { connectionPoints: [{ gateway: 'GraniteFalls' }, { gateway: 'other' }, null, { gateway: 'granitefalls' }, { gateway: 3 }] } as never;
      assert.deepEqual(connectionPointsOf(config, 'granitefalls'), [0, 3]);
      assert.deepEqual(connectionPointsOf(config, undefined), []);
      assert.deepEqual(connectionPointsOf(undefined, 'x'), []);
    });
  });

  describe('site roles per server', () => {
    it('groups by server without case, keeps file order and indexes', () => {
      const groups = groupSiteRoles({
        siteRoles: [
          { server: 'cm01.contoso.com', role: 'managementPoint' },
          { server: 'cm02.contoso.com', role: 'managementPoint' },
          { server: 'CM01.contoso.com', role: 'softwareUpdatePoint' },
        ],
      });
      assert.deepEqual(
        groups.map((g) => [g.server, g.roles.map((r) => r.index)]),
        [
          ['cm01.contoso.com', [0, 2]],
          ['cm02.contoso.com', [1]],
        ],
      );
    });

    it('tolerates a missing or wrong-typed list', () => {
      assert.deepEqual(groupSiteRoles(undefined), []);
      assert.deepEqual(groupSiteRoles({ siteRoles: 'x' } as never), []);
    });
  });

  describe('new vs deployed', () => {
    const gw = { name: 'granitefalls', vmInstances: 2, resourceGroup: { name: 'rg', create: false } };
    it('is unknown without a snapshot and new when the snapshot lacks the gateway', () => {
      assert.equal(deployedState(gw, undefined), 'unknown');
      assert.equal(deployedState(gw, { gateways: [{ name: 'other' }] }), 'new');
    });
    it('is deployed when equal (property order aside) and changed otherwise', () => {
      assert.equal(deployedState(gw, { gateways: [{ resourceGroup: { create: false, name: 'rg' }, vmInstances: 2, name: 'GraniteFalls' }] }), 'changed');
      assert.equal(deployedState(gw, { gateways: [{ resourceGroup: { create: false, name: 'rg' }, vmInstances: 2, name: 'granitefalls' }] }), 'deployed');
      assert.equal(deployedState(gw, { gateways: [{ ...gw, vmInstances: 4 }] }), 'changed');
    });
  });
});
