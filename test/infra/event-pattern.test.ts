import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../helpers/event-pattern.js';

/**
 * The test matcher against AWS's documented examples: each row is a documented pattern, the documented event (or
 * the fragment of it the pattern reads) and the documented outcome. Pages:
 * - PATTERNS   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * - FILTERING  https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 *              (and its operator table, eb-create-pattern-operators.html)
 * - NULLS      https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html
 * - ARRAYS     https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
 * - RULER      https://github.com/aws/event-ruler (README: the matching library behind EventBridge; `$or`, arrays
 *              of objects, `exists` on intermediate nodes)
 * Rows marked "edge" are not documented examples but follow from the documented rules they name.
 */

type Row = {
  readonly name: string;
  readonly pattern: Record<string, unknown>;
  readonly event: unknown;
  readonly matches: boolean;
};

/** PATTERNS: the EC2 state-change event the page matches; FILTERING's exists example uses the same shape. */
const ec2Event = (state: string) => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state },
});

/** RULER: the sample event its README matches every example against. */
const rulerEvent = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
};

const terminated = {
  source: ['aws.ec2'],
  'detail-type': ['EC2 Instance State-change Notification'],
  detail: { state: ['terminated'] },
};

const numericCounts = {
  detail: {
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ numeric: ['=', 3.018e2] }],
  },
};

const detail = (fields: Record<string, unknown>) => ({ detail: fields });

const basics: Row[] = [
  {
    name: 'PATTERNS: terminated EC2 event',
    pattern: terminated,
    event: ec2Event('terminated'),
    matches: true,
  },
  {
    name: 'PATTERNS: running is not terminated',
    pattern: terminated,
    event: ec2Event('running'),
    matches: false,
  },
  {
    name: 'PATTERNS: a value array is OR (aws.ec2 or aws.fargate)',
    pattern: { source: ['aws.ec2', 'aws.fargate'] },
    event: { source: 'aws.fargate' },
    matches: true,
  },
  {
    name: 'edge: a field missing from the event matches no value',
    pattern: { detail: { state: ['terminated'] } },
    event: { source: 'aws.ec2' },
    matches: false,
  },
];

const strings: Row[] = [
  {
    name: 'FILTERING prefix: time starts with 2017-10-02',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: { time: '2017-10-02T18:43:48Z' },
    matches: true,
  },
  {
    name: 'FILTERING prefix: another day',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: { time: '2017-10-03T18:43:48Z' },
    matches: false,
  },
  {
    name: 'FILTERING prefix ignoring case: EventB matches EVENTBRIDGE',
    pattern: detail({ service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] }),
    event: detail({ service: 'EVENTBRIDGE' }),
    matches: true,
  },
  {
    name: 'FILTERING suffix: FileName ends with .png',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'image.png' },
    matches: true,
  },
  {
    name: 'edge (FILTERING): plain suffix is case-sensitive',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'image.PNG' },
    matches: false,
  },
  {
    name: 'FILTERING suffix ignoring case: .PNG',
    pattern: detail({ FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] }),
    event: detail({ FileName: 'image.PNG' }),
    matches: true,
  },
  {
    name: 'FILTERING equals-ignore-case: alice matches Alice',
    pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
    event: { Name: 'Alice' },
    matches: true,
  },
  {
    name: 'FILTERING wildcard: a .png file within the folder dir',
    pattern: { FileName: [{ wildcard: 'dir/*.png' }] },
    event: { FileName: 'dir/photo.png' },
    matches: true,
  },
  {
    name: 'FILTERING wildcard: not within dir',
    pattern: { FileName: [{ wildcard: 'dir/*.png' }] },
    event: { FileName: 'other/photo.png' },
    matches: false,
  },
  {
    name: 'RULER wildcard: Simple*Service',
    pattern: { source: [{ wildcard: 'Simple*Service' }] },
    event: { source: 'SimpleNotificationService' },
    matches: true,
  },
  {
    name: 'RULER wildcard: an escaped asterisk is literal',
    pattern: { source: [{ wildcard: 'a\\*b' }] },
    event: { source: 'axxb' },
    matches: false,
  },
  {
    name: 'NULLS: [""] matches an empty string',
    pattern: detail({ eventVersion: [''] }),
    event: detail({ eventVersion: '', responseElements: null }),
    matches: true,
  },
  {
    name: 'NULLS: [null] matches null',
    pattern: detail({ responseElements: [null] }),
    event: detail({ eventVersion: '', responseElements: null }),
    matches: true,
  },
  {
    name: 'NULLS: an empty string does not match null',
    pattern: detail({ responseElements: [''] }),
    event: detail({ responseElements: null }),
    matches: false,
  },
  {
    name: 'edge (NULLS): null does not match a missing field',
    pattern: detail({ responseElements: [null] }),
    event: detail({}),
    matches: false,
  },
  {
    name: 'edge: exact values are typed (true is not "true")',
    pattern: detail({ archived: [true] }),
    event: detail({ archived: 'true' }),
    matches: false,
  },
];

const anythingBut: Row[] = [
  {
    name: 'FILTERING anything-but: running is not initializing',
    pattern: detail({ state: [{ 'anything-but': 'initializing' }] }),
    event: detail({ state: 'running' }),
    matches: true,
  },
  {
    name: 'FILTERING anything-but: initializing',
    pattern: detail({ state: [{ 'anything-but': 'initializing' }] }),
    event: detail({ state: 'initializing' }),
    matches: false,
  },
  {
    name: 'FILTERING anything-but number: 123',
    pattern: detail({ 'x-limit': [{ 'anything-but': 123 }] }),
    event: detail({ 'x-limit': 123 }),
    matches: false,
  },
  {
    name: 'FILTERING anything-but list of strings: stopped',
    pattern: detail({ state: [{ 'anything-but': ['stopped', 'overloaded'] }] }),
    event: detail({ state: 'stopped' }),
    matches: false,
  },
  {
    name: 'FILTERING anything-but list of numbers: 301.8 is none of them',
    pattern: detail({ 'x-limit': [{ 'anything-but': [100, 200, 300] }] }),
    event: rulerEvent,
    matches: true,
  },
  {
    name: 'FILTERING anything-but prefix: initializing starts with init',
    pattern: detail({ state: [{ 'anything-but': { prefix: 'init' } }] }),
    event: detail({ state: 'initializing' }),
    matches: false,
  },
  {
    name: 'FILTERING anything-but prefix: Region not in the US',
    pattern: { Region: [{ 'anything-but': { prefix: 'us-' } }] },
    event: { Region: 'ap-northeast-1' },
    matches: true,
  },
  {
    name: 'FILTERING anything-but suffix: a .png file',
    pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    event: { FileName: 'image.png' },
    matches: false,
  },
  {
    name: 'FILTERING anything-but ignoring case: INITIALIZING',
    pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
    event: { state: 'INITIALIZING' },
    matches: false,
  },
  {
    name: 'FILTERING anything-but wildcard: a path under /lib/',
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    event: { FilePath: '/usr/lib/libc.so' },
    matches: false,
  },
  {
    name: 'edge: anything-but needs the field to be there',
    pattern: detail({ state: [{ 'anything-but': 'initializing' }] }),
    event: detail({}),
    matches: false,
  },
];

const numbers: Row[] = [
  {
    name: 'FILTERING numeric: every field in range',
    pattern: numericCounts,
    event: rulerEvent,
    matches: true,
  },
  {
    name: 'FILTERING numeric: c-count 0 is not > 0',
    pattern: numericCounts,
    event: detail({ 'c-count': 0, 'd-count': 3, 'x-limit': 301.8 }),
    matches: false,
  },
  {
    name: 'FILTERING numeric: works with JSON numbers only (a string "5" never matches)',
    pattern: detail({ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }),
    event: detail({ 'c-count': '5' }),
    matches: false,
  },
  {
    name: 'edge: numeric bounds are inclusive with >= (4 >= 4)',
    pattern: detail({ severity: [{ numeric: ['>=', 4] }] }),
    event: detail({ severity: 4 }),
    matches: true,
  },
  {
    name: 'edge: a decimal below the bound (3.9 < 4)',
    pattern: detail({ severity: [{ numeric: ['>=', 4] }] }),
    event: detail({ severity: 3.9 }),
    matches: false,
  },
];

const existence: Row[] = [
  {
    name: 'FILTERING exists true: the event has detail.state',
    pattern: detail({ state: [{ exists: true }] }),
    event: ec2Event('pending'),
    matches: true,
  },
  {
    name: 'FILTERING exists true: no detail.state field',
    pattern: detail({ state: [{ exists: true }] }),
    event: { detail: { 'c-count': { c1: 100 } } },
    matches: false,
  },
  {
    name: 'RULER exists false: no detail.c-count field',
    pattern: detail({ 'c-count': [{ exists: false }] }),
    event: ec2Event('running'),
    matches: true,
  },
  {
    name: 'RULER exists false: also matches when c-count is not a leaf node',
    pattern: detail({ 'c-count': [{ exists: false }] }),
    event: { detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } } },
    matches: true,
  },
  {
    name: 'edge (RULER): exists false on a present leaf',
    pattern: detail({ 'c-count': [{ exists: false }] }),
    event: rulerEvent,
    matches: false,
  },
  {
    name: 'edge (RULER): exists false when the parent object itself is missing',
    pattern: detail({ 'c-count': [{ exists: false }] }),
    event: { source: 'aws.ec2' },
    matches: true,
  },
];

const arrays: Row[] = [
  {
    name: 'ARRAYS: pattern and event arrays intersect',
    pattern: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    },
    event: {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    },
    matches: true,
  },
  {
    name: 'edge (ARRAYS): no element in common',
    pattern: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
    event: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-00000000'] },
    matches: false,
  },
  {
    name: 'RULER arrays of objects: an element with firstName Anna',
    pattern: { employees: { firstName: ['Anna'] } },
    event: {
      employees: [
        { firstName: 'John', lastName: 'Doe' },
        { firstName: 'Anna', lastName: 'Smith' },
        { firstName: 'Peter', lastName: 'Jones' },
      ],
    },
    matches: true,
  },
  {
    name: 'RULER arrays of objects: Anna and Jones are in different elements',
    pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
    event: {
      employees: [
        { firstName: 'John', lastName: 'Doe' },
        { firstName: 'Anna', lastName: 'Smith' },
        { firstName: 'Peter', lastName: 'Jones' },
      ],
    },
    matches: false,
  },
  {
    name: 'edge (ARRAYS): anything-but matches when one element differs',
    pattern: detail({ state: [{ 'anything-but': 'initializing' }] }),
    event: { detail: { state: ['initializing', 'running'] } },
    matches: true,
  },
];

const cloudWatchOr = {
  source: ['aws.cloudwatch'],
  $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
};

const orWithAnd = {
  source: ['aws.cloudwatch'],
  $or: [
    { metricName: ['CPUUtilization', 'ReadLatency'] },
    { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'] },
    { scope: ['Service'] },
  ],
};

const ors: Row[] = [
  {
    name: 'FILTERING $or: namespace AWS/EC2 (source && (metricName || namespace))',
    pattern: cloudWatchOr,
    event: { source: 'aws.cloudwatch', namespace: 'AWS/EC2' },
    matches: true,
  },
  {
    name: 'FILTERING $or: neither metricName nor namespace',
    pattern: cloudWatchOr,
    event: { source: 'aws.cloudwatch', namespace: 'AWS/Lambda' },
    matches: false,
  },
  {
    name: 'FILTERING $or: the source still has to match',
    pattern: cloudWatchOr,
    event: { source: 'aws.ec2', metricName: 'CPUUtilization' },
    matches: false,
  },
  {
    name: 'FILTERING $or inside detail: d-count < 10 is enough',
    pattern: {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    },
    event: detail({ 'c-count': 50, 'd-count': 3 }),
    matches: true,
  },
  {
    name: 'RULER $or with an And inside: metricType and namespace',
    pattern: orWithAnd,
    event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES' },
    matches: true,
  },
  {
    name: 'RULER $or with an And inside: metricType alone',
    pattern: orWithAnd,
    event: { source: 'aws.cloudwatch', metricType: 'MetricType' },
    matches: false,
  },
  {
    name: 'edge: an $or branch may be a nested object',
    pattern: detail({ $or: [{ severity: [{ numeric: ['>=', 4] }] }, { service: { archived: [true] } }] }),
    event: detail({ severity: 2, service: { archived: true } }),
    matches: true,
  },
];

const complex: Row[] = [
  {
    name: 'FILTERING complex example: prefix, anything-but and numeric together',
    pattern: {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    },
    event: rulerEvent,
    matches: true,
  },
];

describe('matchesPattern against the documented examples', () => {
  describe.each([
    ['basics', basics],
    ['strings', strings],
    ['anything-but', anythingBut],
    ['numeric', numbers],
    ['exists', existence],
    ['arrays', arrays],
    ['$or', ors],
    ['complex', complex],
  ] as const)('%s', (_group, rows) => {
    it.each(rows)('$name → $matches', ({ pattern, event, matches }) => {
      expect(matchesPattern(pattern, event)).toBe(matches);
    });
  });
});

describe('matchesPattern refuses what it does not understand', () => {
  it.each([
    ['cidr (not implemented here)', { ip: [{ cidr: '10.0.0.0/24' }] }],
    ['a numeric range with a dangling operator', { n: [{ numeric: ['>', 0, '<'] }] }],
    ['more than two numeric comparisons', { n: [{ numeric: ['>', 0, '<', 5, '<', 4] }] }],
    ['a bare value instead of an array', { source: 'aws.ec2' }],
    ['two operators in one condition', { s: [{ prefix: 'a', suffix: 'b' }] }],
  ])('%s throws', (_name, pattern) => {
    expect(() =>
      matchesPattern(pattern as Record<string, unknown>, {
        source: 'aws.ec2',
        ip: '10.0.0.1',
        n: 1,
        s: 'ab',
      }),
    ).toThrow();
  });
});
