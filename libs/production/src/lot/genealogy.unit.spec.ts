import { reachableForward } from './genealogy';

describe('reachableForward', () => {
  it('follows issued and split edges transitively, without the start lot', () => {
    const edges = new Map([
      ['M1', ['P1', 'P2']],
      ['P1', ['A1']],
      ['A1', []],
      ['P2', ['A1']],
      ['X', ['M1']],
    ]);
    expect([...reachableForward('M1', edges)].sort()).toEqual(['A1', 'P1', 'P2']);
    expect(reachableForward('A1', edges).size).toBe(0);
  });
});
