/**
 * A statement's positional parameters bound by name: `$(name)` is a field's placeholder in the
 * text, `values(fields)` lays a parameter object out in the same order. A name the list does not
 * hold fails when the text is built (at module load for the store's statements).
 */
export function parameterList<P>(names: ReadonlyArray<keyof P & string>) {
  return {
    $: (name: keyof P & string): string => {
      const index = names.indexOf(name);
      if (index === -1) throw new Error(`no statement parameter named ${name}`);
      return `$${index + 1}`;
    },
    values: (fields: P): unknown[] => names.map((name) => fields[name]),
  };
}

/** The column of one field over a list of rows (what unnest takes, one array per field). */
export function columnOf<R, K extends keyof R>(rows: readonly R[], field: K): Array<R[K]> {
  return rows.map((row) => row[field]);
}
