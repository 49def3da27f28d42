import { describe, expect, it } from 'vitest';
import { explainAlert } from '../../../shared/pipeline/explain.js';
import { globMatches } from '../../../shared/routing/matchers.js';
import { aHealthAlert, anAlert } from '../../helpers/alerts.js';
import { configFromYaml } from '../../helpers/config.js';

const REGISTRY = `
version: 1
team: { name: 統合運用チーム, levels: [team-oncall, team-lead] }
asps: [{ id: asp-a, name: A社 }, { id: asp-b, name: B社 }]
municipalities: [{ id: city-a, name: A市 }, { id: city-b, name: B市 }]
accounts:
  - { id: "111111111111", name: a-prod, asp: asp-a, municipalities: [city-a], system: 住民記録, environment: production }
  - { id: "222222222222", name: b-stg, asp: asp-b, municipalities: [city-b], system: 税務, environment: staging }
`;
const withRoutes = (routes: string) => configFromYaml(`${REGISTRY}\nroutes:\n${routes}`);
const told = (config: ReturnType<typeof withRoutes>, alert = anAlert()) =>
  explainAlert(alert, config).notify.map((t) => t.receiver);

describe('ordered routes', () => {
  it('applies only the first matching route unless it continues', () => {
    const config = withRoutes(`
  - { name: first, match: { source: guardduty }, severity: CRITICAL }
  - { name: second, match: { source: guardduty }, notify: { asp: false } }
`);
    const decision = explainAlert(anAlert({ severity: 'MEDIUM' }), config);

    expect(decision.severity).toBe('CRITICAL');
    expect(decision.notify.map((t) => t.receiver)).toEqual(['team-oncall', 'asp-a']);
    expect(decision.reasons.some((r) => r.includes('second'))).toBe(false);
  });

  it('goes on to later routes after a route with continue: true', () => {
    const config = withRoutes(`
  - { name: first, match: { source: guardduty }, severity: CRITICAL, continue: true }
  - { name: second, match: { source: guardduty }, notify: { asp: false } }
`);
    const decision = explainAlert(anAlert({ severity: 'MEDIUM' }), config);

    expect(decision.severity).toBe('CRITICAL');
    expect(decision.notify.map((t) => t.receiver)).toEqual(['team-oncall']);
    expect(decision.reasons).toContain('route: first matched (source=guardduty), continue');
  });

  it('skips a route whose matchers do not all hold', () => {
    const config = withRoutes(`
  - { name: staging, match: { source: guardduty, environment: staging }, notify: { team: false } }
`);
    expect(told(config)).toEqual(['team-oncall', 'asp-a']);
    expect(told(config, anAlert({ envelopeAccount: '222222222222' }))).toEqual(['asp-b']);
  });

  it('matches finding types by glob', () => {
    const config = withRoutes(`
  - { match: { type: "Recon:*" }, severity: LOW }
`);
    expect(explainAlert(anAlert({ type: 'Recon:EC2/PortProbeUnprotectedPort' }), config).severity).toBe(
      'LOW',
    );
    expect(explainAlert(anAlert({ type: 'UnauthorizedAccess:EC2/SSHBruteForce' }), config).severity).toBe(
      'HIGH',
    );
  });

  it('lowers thresholds so an ASP hears of its MEDIUM findings', () => {
    const config = withRoutes(`
  - { match: { asp: asp-a }, thresholds: { asp: MEDIUM } }
`);
    expect(told(config, anAlert({ severity: 'MEDIUM' }))).toEqual(['team-oncall', 'asp-a']);
    expect(told(config, anAlert({ severity: 'LOW' }))).toEqual([]);
  });

  it('changes the owner and stops escalation when a route says so', () => {
    const config = withRoutes(`
  - { match: { account: "111111111111" }, owner: asp, escalates: false }
`);
    const decision = explainAlert(anAlert({ severity: 'CRITICAL' }), config);

    expect(decision.owner).toBe('asp');
    expect(decision.escalates).toBe(false);
  });

  it('never lets a route send an alert to another ASP or a municipality of another account', () => {
    const config = withRoutes(`
  - { match: { source: [guardduty, health] }, receivers: [asp-b, city-b, team-lead] }
`);
    const decision = explainAlert(aHealthAlert('issue'), config);

    expect(decision.notify.map((t) => t.receiver)).toEqual(['team-oncall', 'asp-a', 'city-a', 'team-lead']);
    expect(decision.reasons).toContain('isolation: asp-b removed (account 111111111111 is not theirs)');
  });

  it('never lets a route send a security finding to a municipality, even its own', () => {
    const config = withRoutes(`
  - { match: { source: guardduty }, receivers: [city-a] }
`);
    expect(told(config)).toEqual(['team-oncall', 'asp-a']);
  });
});

describe('type globs', () => {
  it.each([
    ['Recon:*', 'Recon:EC2/PortProbeUnprotectedPort', true],
    ['*:IAMUser/*', 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', true],
    ['AWS_EC2_?', 'AWS_EC2_X', true],
    ['AWS_EC2_?', 'AWS_EC2_XY', false],
    ['S3.8', 'S3x8', false],
    ['Recon:*', 'Backdoor:EC2/Spambot', false],
  ])('%s against %s → %s', (glob, value, expected) => {
    expect(globMatches(glob, value)).toBe(expected);
  });
});
