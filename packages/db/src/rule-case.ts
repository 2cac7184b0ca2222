import { sqlLiteral } from './sql-literal';
/** One input of a rule: the SQL expression that holds it and every value it can take. */
export type RuleInput<T extends string | boolean> = { sql: string; values: readonly T[] };

const literal = (value: string | null) => (value === null ? 'null' : sqlLiteral(value));
const condition = (expression: string, value: string | boolean) =>
  typeof value === 'boolean' ? `${value ? '' : 'not '}(${expression})` : `(${expression}) = ${literal(value)}`;

/**
 * A SQL CASE expression that applies a pure rule written once in TypeScript, set-based: the rule
 * is evaluated for every combination of its (few, enumerable) inputs and each answer becomes a
 * WHEN. So a bulk statement and a single-row command can never disagree about the rule.
 */
export function ruleCase<I extends Record<string, string | boolean>>(
  inputs: { [K in keyof I]: RuleInput<I[K]> },
  rule: (input: I) => string | null,
): string {
  const names = Object.keys(inputs) as (keyof I)[];
  let combinations: Partial<I>[] = [{}];
  for (const name of names) {
    combinations = combinations.flatMap((partial) => inputs[name].values.map((value) => ({ ...partial, [name]: value })));
  }
  const whens = combinations.map((combination) => {
    const input = combination as I;
    const test = names.map((name) => condition(inputs[name].sql, input[name] as string | boolean)).join(' and ');
    return `when ${test} then ${literal(rule(input))}`;
  });
  return `(case ${whens.join(' ')} else null end)`;
}
