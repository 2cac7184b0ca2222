import type { z } from 'zod';
import type { TopicBase } from '../topics';

/**
 * One versioned event contract. Adding an optional field is compatible (readers drop fields
 * they do not know: schemas are `z.object`, never strict); removing, renaming or retyping a
 * field, or adding a required one, is a new file with version + 1, and both stay registered
 * while consumers move over. Each version's recorded example in packages/contracts/test/examples
 * must keep parsing (event-contracts.test.ts).
 */
export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly version: number;
  readonly aggregateType: string;
  /** The topic the event is published on; the aggregate id is the Kafka key (order per aggregate). */
  readonly topic: TopicBase;
  readonly schema: TSchema;
}

export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  definition: EventDefinition<TType, TSchema>,
): EventDefinition<TType, TSchema> {
  return Object.freeze(definition);
}

export type EventData<TDef> = TDef extends EventDefinition<string, infer S> ? z.infer<S> : never;

export const eventKey = (type: string, version: number): string => `${type}@v${version}`;
