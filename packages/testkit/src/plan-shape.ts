import { numberedPlaceholders } from '@chrono/kit';
import type { ScratchDatabase } from './scratch-database';

// A node of PostgreSQL's EXPLAIN (FORMAT JSON) plan, the fields read here.
interface PlanNode {
  'Node Type': string;
  'CTE Name'?: string;
  'Parent Relationship'?: string;
  'Subplan Name'?: string;
  Plans?: PlanNode[];
}

/**
 * The reads of the CTE `cte` in PostgreSQL's plan for `sql` (with `?` placeholders) that are not run
 * once, in an InitPlan, each as the path of node types down to it. Any other read joins the CTE to a
 * table, and a planner misled by stale statistics may run that join row by row against every row.
 * EXPLAIN only: the statement is planned, not run.
 */
export async function cteJoinsIn(
  database: ScratchDatabase,
  sql: string,
  params: unknown[],
  cte: string,
): Promise<string[]> {
  const [row] = await database.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
    `explain (format json) ${numberedPlaceholders(sql)}`,
    params,
  );
  const joins: string[] = [];
  const walk = (node: PlanNode, path: string[], once: boolean): void => {
    const here = [...path, node['Node Type']];
    if (node['Node Type'] === 'CTE Scan' && node['CTE Name'] === cte && !once) joins.push(here.join(' > '));
    for (const child of node.Plans ?? []) walk(child, here, once || runOnce(child));
  };
  walk(row['QUERY PLAN'][0].Plan, [], false);
  return joins;
}

// An InitPlan of a scalar subquery; a CTE is listed as an InitPlan too ("CTE locked"), but its body is not one.
function runOnce(node: PlanNode): boolean {
  return node['Parent Relationship'] === 'InitPlan' && !node['Subplan Name']?.startsWith('CTE ');
}
