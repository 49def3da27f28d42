import { describe, expect, it } from 'vitest';
import { guardDutySeverity } from '../../../shared/sources/guardduty.js';

describe('GuardDuty severity bands', () => {
  it.each([
    [1.0, 'LOW'],
    [3.9, 'LOW'],
    [4.0, 'MEDIUM'],
    [6.9, 'MEDIUM'],
    [7.0, 'HIGH'],
    [8.9, 'HIGH'],
    [9.0, 'CRITICAL'],
    [10.0, 'CRITICAL'],
  ])('maps %s to %s', (score, expected) => {
    expect(guardDutySeverity(score)).toBe(expected);
  });
});
