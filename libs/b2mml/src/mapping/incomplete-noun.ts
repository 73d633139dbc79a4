import type { MappedNoun, NounProblem } from './b2mml-mapping';

/** A noun refused because it lacks elements Lotstream requires: 422 naming each missing element path. */
export function incompleteNoun(noun: string, position: number, id: string | undefined, errors: NounProblem['errors']): MappedNoun {
  return {
    position,
    noun,
    id,
    commands: [],
    problem: { status: 422, problemType: 'incomplete-b2mml-noun', detail: `The ${noun} lacks ${errors.length} element(s) Lotstream requires.`, errors },
  };
}
