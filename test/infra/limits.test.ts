import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, buildApp, HUB_STACK_NAME, spokeStackName } from '../../infra/app.js';
import { BUS_POLICY_BUDGET_BYTES } from '../../infra/constructs/hub-event-bus.js';
import { TOPIC_NAME_PREFIX } from '../../infra/constructs/receiver-topics.js';
import { timerName, totalSteps } from '../../shared/engine/escalation.js';
import { incidentId } from '../../shared/incident.js';
import {
  generateRegistry,
  LARGE_REGISTRY,
  type RegistrySize,
  SMALLEST_REGISTRY,
  writeRegistry,
} from '../helpers/large-registry.js';

/**
 * Every AWS limit a synthesized template can hit (issue 17), checked with its margin for the smallest registry
 * (one account) and for an integrated operations vendor's (2,000 accounts, 300 municipalities, 100 ASPs, 3 team
 * levels; test/helpers/large-registry.ts).
 *
 * The numbers, as the AWS documentation states them:
 * - CloudFormation (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
 *   500 resources, 200 outputs, 200 parameters per template; a template body of 51,200 bytes passed in the request,
 *   1 MB from S3. The hub is deployed by `cdk deploy`, which uploads the template to the bootstrap bucket: 1 MB
 *   applies. A spoke template may be deployed by an ASP straight from a file (`aws cloudformation deploy
 *   --template-file`, no bucket): 51,200 bytes applies.
 * - EventBridge (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html): event bus policy size
 *   10,240 characters; the app stops at 9,216 (BUS_POLICY_BUDGET_BYTES).
 * - IAM (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html): a role's inline policies
 *   together 10,240 characters, a managed policy 6,144, 10 managed policies per role; whitespace does not count.
 * - KMS (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html): key policy 32 KB (32,768
 *   bytes).
 * - SNS CreateTopic (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html): topic names 1–256 characters.
 * - EventBridge Scheduler CreateSchedule / CreateScheduleGroup
 *   (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html): names 1–64 characters.
 */
const LIMITS = {
  resources: 500,
  outputs: 200,
  parameters: 200,
  templateS3Bytes: 1_000_000,
  templateDirectBytes: 51_200,
  busPolicyChars: 10_240,
  roleInlineChars: 10_240,
  managedPolicyChars: 6_144,
  managedPoliciesPerRole: 10,
  keyPolicyBytes: 32_768,
  topicNameChars: 256,
  scheduleNameChars: 64,
} as const;

type Template = { Resources?: Record<string, Resource>; Outputs?: object; Parameters?: object };
type Resource = { Type: string; Properties?: Record<string, any> };

/**
 * A stand-in for CloudFormation that resolves intrinsics to strings as long as what they become at deployment, so
 * that a policy is measured at its deployed size: pseudo parameters, and ARNs built from the resource's own name.
 */
const resolver = (resources: Record<string, Resource>) => {
  const arnOf = (logicalId: string): string => {
    const props = resources[logicalId]?.Properties ?? {};
    const name =
      props.TopicName ?? props.FunctionName ?? props.RoleName ?? props.TableName ?? props.Name ?? logicalId;
    return `arn:aws:service:ap-northeast-1:123456789012:resource/${name}`;
  };
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const v = value as Record<string, unknown>;
    if ('Ref' in v) {
      const ref = v.Ref as string;
      if (ref === 'AWS::Partition') return 'aws';
      if (ref === 'AWS::Region') return 'ap-northeast-1';
      if (ref === 'AWS::AccountId') return '123456789012';
      if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
      return arnOf(ref);
    }
    if ('Fn::GetAtt' in v) return arnOf((v['Fn::GetAtt'] as [string, string])[0]);
    if ('Fn::Join' in v) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => String(resolve(part))).join(separator);
    }
    return Object.fromEntries(Object.entries(v).map(([key, inner]) => [key, resolve(inner)]));
  };
  return resolve;
};

/** Characters of a policy as IAM counts them: compact JSON, whitespace outside strings not counted. */
const policyChars = (document: unknown): number => JSON.stringify(document).length;

type Measured = {
  readonly name: string;
  readonly template: Template;
  readonly bytes: number;
};

/** Stacks name `AlertRouterHub/<file>` for the hub's nested receiver stacks (infra/constructs/receiver-stacks.ts). */
const NESTED = `${HUB_STACK_NAME}/`;

const synthesize = (size: RegistrySize): { app: App; stacks: Measured[] } => {
  const path = writeRegistry(generateRegistry(size));
  // CDK's own check (500 resources per stack, TooManyResourcesInStack) stays on: synth itself must pass.
  const context: AppContext = { stubFunctions: true };
  const app = buildApp(path, context, { builtinCloudFormationValidation: false });
  const assembly = app.synth();
  const stacks = assembly.stacks.map((stack: CloudFormationStackArtifact) => ({
    name: stack.stackName,
    template: stack.template as Template,
    // As written to cdk.out and uploaded: the file's bytes.
    bytes: statSync(stack.templateFullPath).size,
  }));
  // Nested stacks are assets of the hub: their templates are uploaded to S3 like the hub's (1 MB applies).
  const nested = readdirSync(assembly.directory)
    .filter((file) => file.endsWith('.nested.template.json'))
    .map((file) => {
      const full = join(assembly.directory, file);
      return {
        name: `${NESTED}${file}`,
        template: JSON.parse(readFileSync(full, 'utf8')) as Template,
        bytes: statSync(full).size,
      };
    });
  return { app, stacks: [...stacks, ...nested] };
};

const of = (stacks: Measured[], name: string): Measured => {
  const found = stacks.find((stack) => stack.name === name);
  if (found === undefined) throw new Error(`no stack ${name}`);
  return found;
};

const resourcesOfType = (template: Template, type: string) =>
  Object.entries(template.Resources ?? {}).filter(([, resource]) => resource.Type === type);

/** Margin report: printed once per registry, so a CI log shows how close each limit is. */
const margins: Record<string, string[]> = {};
const note = (registry: string, what: string, value: number, limit: number): void => {
  margins[registry] ??= [];
  margins[registry].push(`${what}: ${value} of ${limit} (${Math.round((100 * value) / limit)} %)`);
};

describe.each([
  ['smallest registry (1 account)', SMALLEST_REGISTRY],
  ['large registry (2,000 accounts, 300 municipalities, 100 ASPs, 3 levels)', LARGE_REGISTRY],
] as const)('AWS limits with the %s', (registry, size) => {
  let app: App;
  let stacks: Measured[];
  let hub: Measured;
  /** The hub and its nested receiver stacks: what `cdk deploy AlertRouterHub` uploads. */
  let hubStacks: Measured[];
  beforeAll(() => {
    ({ app, stacks } = synthesize(size));
    hub = of(stacks, HUB_STACK_NAME);
    hubStacks = stacks.filter((s) => s.name === HUB_STACK_NAME || s.name.startsWith(NESTED));
    return () => console.log(`limits, ${registry}:\n  ${(margins[registry] ?? []).join('\n  ')}`);
  }, 120_000);

  const isLarge = size === LARGE_REGISTRY;

  // One topic, topic policy and subscription per receiver (403 at this size) would be 1,200 resources: past the hub's
  // capacity (infra/constructs/receiver-stacks.ts) they are in nested stacks of 50 receivers each.
  it('keeps the hub and each nested receiver stack within 500 resources', () => {
    const count = Object.keys(hub.template.Resources ?? {}).length;
    note(registry, 'hub resources', count, LIMITS.resources);
    const nested = hubStacks.filter((s) => s !== hub);
    const counts = nested.map((s) => Object.keys(s.template.Resources ?? {}).length);
    if (nested.length > 0)
      note(
        registry,
        `largest of ${nested.length} nested stacks, resources`,
        Math.max(...counts),
        LIMITS.resources,
      );
    expect(count).toBeLessThanOrEqual(0.8 * LIMITS.resources);
    for (const [i, c] of counts.entries())
      expect(c, nested[i]?.name).toBeLessThanOrEqual(0.8 * LIMITS.resources);
    // 3 levels + 20 ASPs + 50 municipalities in the hub; 80 ASPs and 250 municipalities in 2 + 5 nested stacks.
    expect(nested).toHaveLength(isLarge ? 7 : 0);
  });

  it('passes cdk-nag AwsSolutions with nothing unacknowledged (nested stacks included)', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(
      report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([]);
  });

  it('keeps each spoke within 500 resources and the direct-upload template size', () => {
    const spoke = of(stacks, spokeStackName('ap-northeast-1'));
    note(registry, 'spoke resources', Object.keys(spoke.template.Resources ?? {}).length, LIMITS.resources);
    note(registry, 'spoke template bytes', spoke.bytes, LIMITS.templateDirectBytes);
    for (const stack of stacks.filter((s) => !hubStacks.includes(s))) {
      expect(Object.keys(stack.template.Resources ?? {}).length, stack.name).toBeLessThanOrEqual(
        LIMITS.resources,
      );
      expect(stack.bytes, stack.name).toBeLessThanOrEqual(LIMITS.templateDirectBytes);
    }
  });

  // Before the receiver stacks, 403 topics and topic policies and the publish grants listing every topic ARN made the
  // hub template 1.03 MB at 2,000 accounts; the 8 bus policies are most of what is left.
  it('keeps the hub template and each nested template within 1 MB (uploaded to S3 by cdk deploy)', () => {
    note(registry, 'hub template bytes', hub.bytes, LIMITS.templateS3Bytes);
    const nested = hubStacks.filter((s) => s !== hub);
    if (nested.length > 0)
      note(
        registry,
        'largest nested template bytes',
        Math.max(...nested.map((s) => s.bytes)),
        LIMITS.templateS3Bytes,
      );
    for (const stack of hubStacks)
      expect(stack.bytes, stack.name).toBeLessThanOrEqual(0.8 * LIMITS.templateS3Bytes);
  });

  it('keeps outputs and parameters within 200 per stack (nested stacks included)', () => {
    note(registry, 'hub outputs', Object.keys(hub.template.Outputs ?? {}).length, LIMITS.outputs);
    for (const stack of stacks) {
      expect(Object.keys(stack.template.Outputs ?? {}).length, stack.name).toBeLessThanOrEqual(
        LIMITS.outputs,
      );
      expect(Object.keys(stack.template.Parameters ?? {}).length, stack.name).toBeLessThanOrEqual(
        LIMITS.parameters,
      );
    }
  });

  it('keeps every bus policy within the budget, one bus per shard with an output each', () => {
    const resolve = resolver(hub.template.Resources ?? {});
    const buses = resourcesOfType(hub.template, 'AWS::Events::EventBus');
    const sizes = buses.map(([, bus]) => policyChars(resolve(bus.Properties?.Policy)));
    note(registry, `largest of ${buses.length} bus policies`, Math.max(...sizes), LIMITS.busPolicyChars);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(BUS_POLICY_BUDGET_BYTES);
    expect(BUS_POLICY_BUDGET_BYTES).toBeLessThan(LIMITS.busPolicyChars);
    // Every account is on exactly one bus.
    const principals = buses.flatMap(([, bus]) => [
      (bus.Properties?.Policy?.Statement?.[0]?.Principal?.AWS ?? []) as unknown[],
    ]);
    expect(principals.flat()).toHaveLength(size.accounts);
    // About 270 accounts per bus: 2,000 accounts take 8 buses.
    expect(buses.length).toBe(isLarge ? 8 : 1);
    expect(Object.keys(hub.template.Outputs ?? {}).filter((key) => /^HubBus\d*Arn$/.test(key))).toHaveLength(
      buses.length,
    );
  });

  it('keeps each role within the IAM inline policy size and managed policy count', () => {
    const resources = hub.template.Resources ?? {};
    const resolve = resolver(resources);
    const roles = resourcesOfType(hub.template, 'AWS::IAM::Role').map(([id]) => id);
    const attachedTo = (policy: Resource, role: string) =>
      ((policy.Properties?.Roles ?? []) as { Ref?: string }[]).some((ref) => ref.Ref === role);
    let largestInline = 0;
    for (const role of roles) {
      const inline = resourcesOfType(hub.template, 'AWS::IAM::Policy')
        .filter(([, policy]) => attachedTo(policy, role))
        .reduce((sum, [, policy]) => sum + policyChars(resolve(policy.Properties?.PolicyDocument)), 0);
      const own = ((resources[role]?.Properties?.Policies ?? []) as { PolicyDocument: unknown }[]).reduce(
        (sum, policy) => sum + policyChars(resolve(policy.PolicyDocument)),
        0,
      );
      largestInline = Math.max(largestInline, inline + own);
      expect(inline + own, role).toBeLessThanOrEqual(LIMITS.roleInlineChars);
      const managed = resourcesOfType(hub.template, 'AWS::IAM::ManagedPolicy').filter(([, policy]) =>
        attachedTo(policy, role),
      );
      expect(managed.length, role).toBeLessThanOrEqual(LIMITS.managedPoliciesPerRole);
    }
    note(registry, 'largest role inline policies', largestInline, LIMITS.roleInlineChars);
  });

  // Listing every topic ARN (403 at 2,000 accounts) made one statement of 31,068 characters, which CDK moved into an
  // overflow managed policy it cannot split. With nested receiver stacks the grant is one name prefix
  // (`arn:…:sns:<region>:<account>:alert-router-*`), so no role needs a managed policy at all.
  it('keeps each managed policy within 6,144 characters, and the publish grant one ARN when nested', () => {
    let largestManaged = 0;
    for (const stack of hubStacks) {
      const resolve = resolver(stack.template.Resources ?? {});
      for (const [id, policy] of resourcesOfType(stack.template, 'AWS::IAM::ManagedPolicy')) {
        const chars = policyChars(resolve(policy.Properties?.PolicyDocument));
        largestManaged = Math.max(largestManaged, chars);
        expect(chars, id).toBeLessThanOrEqual(LIMITS.managedPolicyChars);
      }
    }
    note(registry, 'largest managed policy', largestManaged, LIMITS.managedPolicyChars);
    const resolve = resolver(hub.template.Resources ?? {});
    const publish = resourcesOfType(hub.template, 'AWS::IAM::Policy').flatMap(([, policy]) =>
      (
        resolve(policy.Properties?.PolicyDocument) as { Statement: { Sid?: string; Resource: unknown }[] }
      ).Statement.filter((statement) => statement.Sid === 'PublishToReceiverTopics'),
    );
    expect(publish.length).toBeGreaterThan(0);
    for (const statement of publish)
      expect(statement.Resource).toEqual(
        isLarge
          ? `arn:aws:sns:ap-northeast-1:123456789012:${TOPIC_NAME_PREFIX}*`
          : expect.arrayContaining([expect.stringContaining(`${TOPIC_NAME_PREFIX}team-level-1`)]),
      );
  });

  it('keeps every key policy within 32 KB', () => {
    for (const stack of stacks) {
      const resolve = resolver(stack.template.Resources ?? {});
      for (const [id, key] of resourcesOfType(stack.template, 'AWS::KMS::Key')) {
        const bytes = Buffer.byteLength(JSON.stringify(resolve(key.Properties?.KeyPolicy)), 'utf8');
        if (stack.name === HUB_STACK_NAME && id.startsWith('Key'))
          note(registry, 'router key policy bytes', bytes, LIMITS.keyPolicyBytes);
        expect(bytes, `${stack.name} ${id}`).toBeLessThanOrEqual(LIMITS.keyPolicyBytes);
      }
    }
  });

  it('keeps SNS topic names within 256 and schedule (group) names within 64 characters', () => {
    const topics = hubStacks.flatMap((stack) =>
      resourcesOfType(stack.template, 'AWS::SNS::Topic').map(
        ([, topic]) => topic.Properties?.TopicName as string,
      ),
    );
    // One topic per receiver, each in exactly one stack.
    expect(new Set(topics).size).toBe(size.teamLevels + size.asps + size.municipalities);
    expect(topics.length).toBe(size.teamLevels + size.asps + size.municipalities);
    for (const name of topics) expect(name.length).toBeLessThanOrEqual(LIMITS.topicNameChars);
    // The longest receiver id the config accepts (63 characters) still names a topic.
    expect(TOPIC_NAME_PREFIX.length + 63).toBeLessThanOrEqual(LIMITS.topicNameChars);
    for (const type of ['AWS::Scheduler::ScheduleGroup', 'AWS::Scheduler::Schedule'])
      for (const [id, resource] of resourcesOfType(hub.template, type)) {
        const name = resource.Properties?.Name;
        if (typeof name === 'string') expect(name.length, id).toBeLessThanOrEqual(LIMITS.scheduleNameChars);
      }
    // Escalation schedules are named at run time: the longest name (a millionth episode, the last step of the
    // longest escalation the config accepts, a token in the millions) still fits.
    const steps = totalSteps(size.teamLevels, 10);
    const longest = timerName(incidentId('fingerprint', 999_999), {
      levels: [],
      ackWithinMs: 0,
      repeat: 10,
      step: steps,
      token: 9_999_999,
      dueAt: undefined,
    });
    note(registry, 'longest escalation schedule name', longest.length, LIMITS.scheduleNameChars);
    expect(longest.length).toBeLessThanOrEqual(LIMITS.scheduleNameChars);
  });
});
