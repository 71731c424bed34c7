/**
 * Profiler evidence on the database side (issue 17): the statements one call of a use case sends, captured by
 * running it once over a recording pool, then each run again under EXPLAIN (ANALYZE, BUFFERS) on the same
 * data. Prints one line per statement (execution and planning time, the plan's top node, buffers) and the
 * count; a figure that says "N statements" is then the code's own, not a list kept beside it.
 */
import type { Pool } from 'pg';

export interface ExplainedStatement {
  sql: string;
  executionMs: number;
  planningMs: number;
  topNode: string;
  sharedHit: number;
  sharedRead: number;
}

/** Runs `use(recordingPool)` and answers the statements it sent, in order. */
export async function statementsOf(
  pool: Pool,
  use: (recording: Pool) => Promise<unknown>,
): Promise<Array<{ text: string; values: unknown[] }>> {
  const seen: Array<{ text: string; values: unknown[] }> = [];
  const recording = new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'query') {
        return (text: string, values: unknown[] = []) => {
          seen.push({ text, values });
          return target.query(text, values);
        };
      }
      if (property === 'connect') {
        throw new Error('statementsOf: the use case opened a transaction (not the happy path measured)');
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  await use(recording);
  return seen;
}

export async function explainStatements(
  pool: Pool,
  statements: ReadonlyArray<{ text: string; values: unknown[] }>,
): Promise<ExplainedStatement[]> {
  const explained: ExplainedStatement[] = [];
  for (const { text, values } of statements) {
    const { rows } = await pool.query<{ 'QUERY PLAN': Array<Record<string, unknown>> }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
      values,
    );
    const root = rows[0]!['QUERY PLAN'][0]!;
    const plan = root.Plan as Record<string, unknown>;
    explained.push({
      sql: text.replace(/\s+/g, ' ').trim(),
      executionMs: Number(root['Execution Time']),
      planningMs: Number(root['Planning Time']),
      topNode: [plan['Node Type'], plan['Index Name'] ?? plan['Relation Name']].filter(Boolean).join(' on '),
      sharedHit: Number(plan['Shared Hit Blocks'] ?? 0),
      sharedRead: Number(plan['Shared Read Blocks'] ?? 0),
    });
  }
  return explained;
}

export function describeExplained(statement: ExplainedStatement): string {
  const sql = statement.sql.length > 110 ? `${statement.sql.slice(0, 107)}...` : statement.sql;
  return (
    `${statement.executionMs.toFixed(2)} ms exec + ${statement.planningMs.toFixed(2)} ms plan, ` +
    `${statement.topNode}, buffers hit ${statement.sharedHit} read ${statement.sharedRead}: ${sql}`
  );
}
