// After `vite build`: the size of what the first page loads, and of everything, raw and gzipped.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = 'dist';
const assets = join(dist, 'assets');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]));

// The entry's static imports load up front too.
for (const name of [...initial]) {
  if (!name.endsWith('.js')) continue;
  const code = readFileSync(join(assets, name), 'utf8');
  for (const m of code.matchAll(/from\s*"\.\/([^"]+\.js)"|import\s*"\.\/([^"]+\.js)"/g)) initial.add(m[1] ?? m[2]);
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const totals = { initial: [0, 0], all: [0, 0] };
for (const name of readdirSync(assets)) {
  const content = readFileSync(join(assets, name));
  const sizes = [content.length, gzipSync(content).length];
  for (const key of initial.has(name) ? ['initial', 'all'] : ['all']) {
    totals[key][0] += sizes[0];
    totals[key][1] += sizes[1];
  }
}
console.log('\nbundle size');
console.log(`  first page loads: ${kib(totals.initial[0])} (${kib(totals.initial[1])} gzipped) in ${initial.size} files`);
console.log(`  whole app:        ${kib(totals.all[0])} (${kib(totals.all[1])} gzipped)`);
