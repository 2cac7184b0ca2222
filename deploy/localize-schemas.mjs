// Copies the Kubernetes JSON schemas of the PyPI package kubernetes-validate so kubeconform can use
// them offline: each schema names its home ($id https://kubernetes.io/api/...) and refers to
// /api/_definitions.json from there, which would be fetched; the copy refers to the local file.
// Usage: node deploy/localize-schemas.mjs <source dir> <target dir>
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [source, target] = process.argv.slice(2);
if (!source || !target) throw new Error('usage: localize-schemas.mjs <source dir> <target dir>');
mkdirSync(target, { recursive: true });
const definitions = pathToFileURL(path.join(path.resolve(target), '_definitions.json')).href;
let count = 0;
for (const file of readdirSync(source).filter((name) => name.endsWith('.json'))) {
  const schema = JSON.parse(readFileSync(path.join(source, file), 'utf8'));
  delete schema.$id;
  const text = JSON.stringify(schema).replaceAll('"/api/_definitions.json#', `"${definitions}#`);
  writeFileSync(path.join(target, file), text);
  count += 1;
}
console.log(`[deploy:check] ${count} schemas made local in ${target}`);
