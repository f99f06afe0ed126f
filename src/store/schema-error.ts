/** A database a newer briefbot made: refused, never altered (on either engine). */
export class NewerSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`the database is at schema version ${found}, newer than this briefbot knows (${known}); upgrade briefbot`);
  }
}
