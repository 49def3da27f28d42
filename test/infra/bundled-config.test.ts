import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp, HUB_STACK_NAME, readRouterConfig } from '../../infra/app.js';
import { channelsOf } from '../../shared/config/channels.js';
import { parseConfig } from '../../shared/config/load.js';

const CHANNELS = 'events/config.channels.example.yaml';

/** Every email address and phone number the channels example lists (what must never reach a function's code). */
const addressesOf = (path: string): string[] => {
  const { config } = readRouterConfig(path);
  const addresses = [...config.receiversById.keys()].flatMap((id) =>
    channelsOf(config, id).flatMap((channel) =>
      (channel.kind === 'email' || channel.kind === 'sms') && channel.to ? [...channel.to] : [],
    ),
  );
  return addresses;
};

describe('the config bundled beside every handler (config.json)', () => {
  it('leaves out the email addresses and phone numbers of the channels, and keeps every channel', () => {
    const addresses = addressesOf(CHANNELS);
    expect(addresses.length).toBeGreaterThanOrEqual(3);
    expect(addresses.some((address) => address.startsWith('+81'))).toBe(true);
    const { config, json } = readRouterConfig(CHANNELS);
    for (const address of addresses) expect(json).not.toContain(address);
    expect(json).not.toMatch(/@[a-z0-9-]+\.example\.jp|\+81\d/);
    // The functions still see each receiver's channels, in order, only without `to`.
    const bundled = parseConfig(json, 'json');
    for (const id of config.receiversById.keys())
      expect(channelsOf(bundled, id).map((channel) => channel.kind)).toEqual(
        channelsOf(config, id).map((channel) => channel.kind),
      );
    // The CDK app itself keeps them: they are the subscriptions' endpoints.
    expect(channelsOf(config, 'team-oncall')).toContainEqual(
      expect.objectContaining({ kind: 'email', to: expect.arrayContaining([addresses[0]]) }),
    );
  });

  it('writes the stripped copy into the assembly, the file every bundle copies as config.json', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'alert-router-bundled-'));
    // Bundle mode, with esbuild skipped (`aws:cdk:bundling-stacks: []`, as `cdk list` does): the copy command and
    // the file it copies are what matter here; test/integration/route-bundle.test.ts runs a real bundle.
    const app = buildApp(CHANNELS, { 'aws:cdk:bundling-stacks': [] } as never, {
      outdir,
      builtinCloudFormationValidation: false,
    });
    app.synth();
    const written = readFileSync(join(outdir, 'alert-router.config.json'), 'utf8');
    expect(written).toBe(readRouterConfig(CHANNELS).json);
    for (const address of addressesOf(CHANNELS)) expect(written).not.toContain(address);
    // Nor anywhere in the hub template but the subscriptions' endpoints.
    const template = readFileSync(join(outdir, `${HUB_STACK_NAME}.template.json`), 'utf8');
    const resources = Object.values(
      (JSON.parse(template) as { Resources: Record<string, { Type: string }> }).Resources,
    ).filter((resource) => resource.Type !== 'AWS::SNS::Subscription');
    for (const address of addressesOf(CHANNELS)) expect(JSON.stringify(resources)).not.toContain(address);
  });

  it('keeps everything else of the example config as it was', () => {
    const { config, json } = readRouterConfig('events/config.example.yaml');
    const bundled = parseConfig(json, 'json');
    const { receivers: strippedReceivers, ...rest } = bundled;
    const { receivers, ...sourceRest } = config;
    expect(JSON.stringify(rest)).toBe(JSON.stringify(sourceRest));
    expect(Object.keys(strippedReceivers)).toEqual(Object.keys(receivers));
    for (const [id, entry] of Object.entries(receivers))
      expect(strippedReceivers[id]?.channels).toEqual(
        entry?.channels.map((channel) =>
          channel.kind === 'email' || channel.kind === 'sms' ? { kind: channel.kind } : channel,
        ),
      );
  });
});
