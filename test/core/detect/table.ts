import { describe, expect, it } from 'vitest';
import { detectSecrets, detectorFamilies } from '../../../src/detect/registry';
import { FIXTURES } from './fixtures';

function found(text: string, ctx?: Parameters<typeof detectSecrets>[1]): [string, string][] {
  return detectSecrets(text, ctx).map((d) => [d.label, text.slice(d.start, d.end)]);
}

/** The table-driven positive/negative suite of one detector family. */
export function familyTable(familyId: string): void {
  const fixtures = FIXTURES[familyId];
  const family = detectorFamilies.find((f) => f.id === familyId);

  describe(`${familyId} detectors`, () => {
    it('is registered', () => {
      expect(family).toBeDefined();
    });

    it.each(fixtures.positives)('finds: $name', ({ text, ctx, expect: want }) => {
      expect(found(text, ctx)).toEqual(want);
    });

    it.each(fixtures.positives)(
      'reports only its own ids, from the family itself: $name',
      ({ text, ctx, expect: want }) => {
        const own = family!.detect(text, ctx ?? {}).map((d) => d.detector);
        for (const id of own) expect(family!.detectors).toContain(id);
        // At least one expected label comes from this family (not only from its neighbours).
        const labels = family!.detect(text, ctx ?? {}).map((d) => d.label);
        expect(want.some(([label]) => labels.includes(label))).toBe(true);
      },
    );

    it.each(fixtures.negatives)('leaves alone: $name', ({ text, ctx }) => {
      expect(found(text, ctx)).toEqual([]);
    });
  });
}
