/** One numbered schema step. Statements are constants: a migration never takes input. */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}
