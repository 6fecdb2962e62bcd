// Writes the example brands, from handlers/brands, into template.yaml's brand parameters (the `Value:` lines marked
// `# brand:NAME`) and into handlers/brands/parameters.json, the Parameter Store map that `--parameters` serves
// locally. Run after changing the brands: `npm run template:brands`.
import { readFile, writeFile } from 'node:fs/promises';
import { bundledBrands } from '../handlers/brands/index.js';
import { toBrandDocument } from '../src/brand/config.js';
import { exampleParameters, PARAMETERS_FILE } from './example-parameters.js';

const path = new URL('../template.yaml', import.meta.url);
const { brands } = toBrandDocument(bundledBrands);
let missing = Object.keys(brands);
const text = (await readFile(path, 'utf8')).replace(
  /^(\s*Value: ).*# brand:([\w-]+)$/gm,
  (_line, prefix: string, name: string) => {
    const brand = brands[name];
    if (!brand) throw new Error(`template.yaml names brand ${name}, which handlers/brands does not have`);
    missing = missing.filter((id) => id !== name);
    // YAML single-quoted: a quote is written twice.
    return `${prefix}'${JSON.stringify(brand).replaceAll("'", "''")}' # brand:${name}`;
  },
);
if (missing.length > 0) throw new Error(`template.yaml has no parameter for brand ${missing.join(', ')}`);
await writeFile(path, text);
await writeFile(PARAMETERS_FILE, exampleParameters());
console.log(`template.yaml and handlers/brands/parameters.json: ${Object.keys(brands).join(', ')}`);
