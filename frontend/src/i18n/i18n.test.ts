/// <reference types="node" />
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { merge, messages } from './messages';

const { nl, en } = messages;

function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

// Plural forms are one key to the code: `resultCount` covers `resultCount_one` and `_other`.
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name: string) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('merging the texts of the features', () => {
  it('refuses a text defined twice', () => {
    expect(() => merge({ nav: { home: 'Start' } }, { nav: { home: 'Thuis' } }, 'a feature')).toThrow(/nav\.home.*a feature/);
    expect(() => merge({ nav: 'x' }, { nav: { home: 'Thuis' } }, 'a feature')).toThrow(/nav/);
  });

  it('adds a feature\'s texts beside the shared ones', () => {
    expect(merge({ nav: { home: 'Start' } }, { nav: { backpack: 'Rugzak' } }, 'a feature')).toEqual({ nav: { home: 'Start', backpack: 'Rugzak' } });
  });
});

describe('translations', () => {
  const nlKeys = keys(nl).sort();
  const enKeys = keys(en).sort();

  it('has every Dutch key in English and every English key in Dutch', () => {
    expect(enKeys.filter((key) => !nlKeys.includes(key))).toEqual([]);
    expect(nlKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
  });

  it('has no empty texts', () => {
    const empty = (tree: Record<string, unknown>) => keys(tree).filter((key) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) === '');
    expect(empty(nl)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });

  it('knows every literal key the code asks for', () => {
    const known = new Set(nlKeys.map(base));
    const prefixes = new Set(nlKeys.flatMap((key) => key.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))));
    const used = sourceFiles(join(dirname(fileURLToPath(import.meta.url)), '..')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'|key: '([a-zA-Z][\w.-]*)'/g)].map((m) => m[1] ?? m[2]),
    );
    const missing = used.filter((key) => key.includes('.') && !known.has(key) && !prefixes.has(key));
    expect([...new Set(missing)]).toEqual([]);
  });
});
