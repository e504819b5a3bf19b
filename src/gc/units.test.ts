import { describe, expect, test } from 'vitest';
import { UsageError } from '../core/errors.js';
import { parseDuration } from './units.js';

describe('parseDuration: time.ParseDuration forms, in seconds', () => {
  test.each([
    ['30s', 30],
    ['1m30s', 90],
    ['500ms', 0.5],
    ['1.5s', 1.5],
    ['2h', 7200],
    ['250us', 0.00025],
    ['1m0.5s', 60.5],
  ])('%s', (text, sec) => expect(parseDuration(text, '--since')).toBeCloseTo(sec, 9));
  test.each(['', '30', 's', '1x', '-5s', '1m 30s', '30s!'])('"%s" is a usage error', (text) => {
    expect(() => parseDuration(text, '--since')).toThrow(UsageError);
  });
});
