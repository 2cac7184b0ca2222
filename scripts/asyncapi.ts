/**
 * `npm run asyncapi`: writes docs/asyncapi.json, the AsyncAPI document of every topic and event
 * version, from the contracts (packages/contracts/src/asyncapi.ts). Run it after adding or
 * changing an event; packages/contracts/test/asyncapi.test.ts fails while the copy is stale.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAsyncApiDocument } from '@agencyflow/contracts';

const target = path.resolve(__dirname, '../docs/asyncapi.json');
writeFileSync(target, `${JSON.stringify(buildAsyncApiDocument(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), target)}`);
