// Issue 17.9: no external channel, no permission nothing needs.
import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.config';

describe('manifest', () => {
  const m = manifest as unknown as Record<string, unknown>;

  it('lets no other extension or page connect (externally_connectable with no ids)', () => {
    expect(m.externally_connectable).toEqual({ ids: [] });
  });

  it('asks for no unlimitedStorage (storage.local holds settings and one pack of at most 1 MB)', () => {
    expect(m.permissions).not.toContain('unlimitedStorage');
  });
});
