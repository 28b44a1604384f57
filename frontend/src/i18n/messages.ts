import en from './en.json';
import nl from './nl.json';

/**
 * The texts of the web app: the shared ones in `nl.json`/`en.json` here, and each feature's own in
 * `src/features/<feature>/messages.nl.json` and `messages.en.json`, merged into one tree per
 * language. A feature adds its texts (its navigation label included, under `nav`) without
 * touching a file another feature edits. A text defined twice is an error, not a silent override.
 */
export type Tree = { [key: string]: string | Tree };

const featureFiles = import.meta.glob<Tree>('../features/*/messages.*.json', { eager: true, import: 'default' });

export function merge(into: Tree, from: Tree, source: string, path = ''): Tree {
  for (const [key, value] of Object.entries(from)) {
    const here = path ? `${path}.${key}` : key;
    const existing = into[key];
    if (existing === undefined) {
      into[key] = typeof value === 'string' ? value : merge({}, value, source, here);
    } else if (typeof existing === 'string' || typeof value === 'string') {
      throw new Error(`The text ${here} is defined twice (again in ${source})`);
    } else {
      merge(existing, value, source, here);
    }
  }
  return into;
}

function collect(language: 'nl' | 'en', shared: Tree): Tree {
  const tree = merge({}, shared, `i18n/${language}.json`);
  for (const [file, texts] of Object.entries(featureFiles).sort(([a], [b]) => a.localeCompare(b))) {
    if (file.endsWith(`/messages.${language}.json`)) merge(tree, texts, file);
  }
  return tree;
}

export const messages = { nl: collect('nl', nl as Tree), en: collect('en', en as Tree) };
