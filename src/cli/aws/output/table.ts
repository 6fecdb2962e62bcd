/** @module cli/aws/output/table — the table format: a section per structure, columns sized in display width. */
import { type JsonValue, pythonString } from '../python/repr.js';
import { isObject, isScalar, type JsonObject, roundHalfEven, sortedKeys } from './values.js';
import { displayWidth } from './width.js';

interface Section {
  readonly title: string | null;
  readonly indent: number;
  headers: readonly string[];
  readonly rows: (readonly string[])[];
  widths: number[];
  columns?: number;
}

const newSection = (title: string | null, indent: number): Section => ({
  title,
  indent,
  headers: [],
  rows: [],
  widths: [],
});

const widen = (section: Section, cells: readonly string[]) => {
  if (section.widths.length === 0) section.widths = cells.map(displayWidth);
  else
    cells.forEach((cell, index) => {
      section.widths[index] = Math.max(displayWidth(cell), section.widths[index] ?? 0);
    });
};

const addHeaders = (section: Section, headers: readonly string[]) => {
  widen(section, headers);
  section.columns ??= headers.length;
  section.headers = headers;
};

const addRow = (section: Section, values: readonly JsonValue[]) => {
  const cells = values.map(pythonString);
  section.columns ??= cells.length;
  if (cells.length !== section.columns)
    throw new Error(`Row should have ${section.columns} elements, instead it has ${cells.length}`);
  section.rows.push(cells);
  widen(section, cells);
};

// Python's truth test, which decides whether a value gets a section at all.
const isTruthy = (value: JsonValue): boolean => {
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return value !== null && value !== false && value !== 0 && value !== '';
};

const scalarAndNestedKeys = (item: JsonObject): [string[], string[]] => {
  const keys = sortedKeys(Object.keys(item));
  return [keys.filter((key) => isScalar(item[key]!)), keys.filter((key) => !isScalar(item[key]!))];
};

// The table format: a section per structure, titled with the key it sits under (the operation at the top) and
// indented one level per nesting; scalars as one row under sorted headers, or a key/value row when there is one.
const buildTable = (sections: Section[]) => {
  const current = () => sections[sections.length - 1]!;
  const start = (title: string | null, indent: number) => {
    sections.push(newSection(title, indent));
  };

  const fromObject = (item: JsonObject, indent: number) => {
    const [headers, nested] = scalarAndNestedKeys(item);
    const [only] = headers;
    if (headers.length === 1 && only !== undefined) addRow(current(), [only, item[only]!]);
    else if (headers.length > 0) {
      addHeaders(current(), headers);
      addRow(
        current(),
        headers.map((key) => item[key]!),
      );
    }
    for (const key of nested) build(key, item[key]!, indent + 1);
  };

  const fromList = (items: readonly JsonValue[], indent: number, title: string | null) => {
    const headerSet = new Set<string>();
    const nestedSet = new Set<string>();
    for (const item of items.filter(isObject)) {
      const [headers, nested] = scalarAndNestedKeys(item);
      for (const key of headers) headerSet.add(key);
      for (const key of nested) nestedSet.add(key);
    }
    const headers = sortedKeys(headerSet);
    const nested = sortedKeys(nestedSet);
    addHeaders(current(), headers);
    items.forEach((item, index) => {
      const fields = isObject(item) ? item : {};
      // Each item with nested values gets its own repeated section, so its sub-tables sit right under it.
      if (index > 0 && nested.length > 0) {
        start(title, indent);
        addHeaders(current(), headers);
      }
      addRow(
        current(),
        headers.map((key) => (Object.hasOwn(fields, key) ? fields[key]! : '')),
      );
      for (const key of nested) if (Object.hasOwn(fields, key)) build(key, fields[key]!, indent + 1);
    });
  };

  const build = (title: string | null, value: JsonValue, indent: number): boolean => {
    if (!isTruthy(value)) return false;
    if (title !== null) start(title, indent);
    if (Array.isArray(value)) {
      if (isObject(value[0])) fromList(value, indent, title);
      else
        for (const item of value) {
          if (isScalar(item)) addRow(current(), [item]);
          else {
            // Python iterates a dict by its keys, so a structure among scalar rows prints as its key names.
            const cells: readonly JsonValue[] = Array.isArray(item) ? item : Object.keys(item as JsonObject);
            if (cells.every(isScalar)) addRow(current(), cells);
            else build(null, item, 0);
          }
        }
    }
    if (isObject(value)) fromObject(value, indent);
    return true;
  };
  return build;
};

const spaces = (count: number): string => ' '.repeat(Math.max(0, count));

const centered = (text: string, length: number, left = '|', right = '|'): string => {
  const textWidth = displayWidth(text);
  const before = Math.floor(length / 2) - Math.floor(textWidth / 2) - 1;
  const used = displayWidth(left) + before + textWidth;
  return `${left}${spaces(before)}${text}${spaces(length - displayWidth(right) - used)}${right}`;
};

const leftAligned = (text: string, length: number, left: string, right: string): string => {
  const textWidth = displayWidth(text);
  const padding = length - (textWidth + 2 + displayWidth(left) + displayWidth(right)) >= 0 ? 2 : 0;
  const used = [...left].length + padding + textWidth;
  return `${left}${spaces(padding)}${text}${spaces(length - used - [...right].length)}${right}`;
};

const sectionWidth = (section: Section): number => {
  const border = 2 + 2 * section.indent;
  const columns = section.widths.reduce((sum, width) => sum + width + 4, 0) + border;
  return Math.max(displayWidth(section.title ?? 'None') + border, columns);
};

// Spreads the table's width over the columns in proportion to their content, as the CLI does, rounding half to
// even and then taking the difference from the first columns (or giving it to the last ones).
const columnWidths = (section: Section, width: number): number[] => {
  const natural = section.widths.map((columnWidth) => columnWidth + 4);
  if (natural.length === 0) return [];
  const scale = width / natural.reduce((sum, columnWidth) => sum + columnWidth, 0);
  const scaled = natural.map((columnWidth) => roundHalfEven(scale * columnWidth));
  let offBy = scaled.reduce((sum, columnWidth) => sum + columnWidth, 0) - width;
  while (offBy !== 0) {
    const order = scaled.map((_, index) => index);
    if (offBy < 0) order.reverse();
    for (const index of order) {
      scaled[index]! += offBy > 0 ? -1 : 1;
      offBy += offBy > 0 ? -1 : 1;
      if (offBy === 0) break;
    }
  }
  return scaled;
};

const lineBreak = (widths: readonly number[]): string =>
  widths
    .map((width, index) => (index === 0 ? `+${'-'.repeat(width - 2)}+` : `${'-'.repeat(width - 1)}+`))
    .join('');

// A one-row section turned on its side: header and value side by side, one pair a row.
const vertical = (section: Section): Section => {
  const [row] = section.rows;
  if (section.rows.length !== 1 || row === undefined || section.headers.length === 0) return section;
  const turned = newSection(section.title, section.indent);
  section.headers.forEach((header, index) => {
    if (index < row.length) addRow(turned, [header, row[index]!]);
  });
  return turned;
};

const renderSection = (section: Section, tableWidth: number): string[] => {
  const width = tableWidth - 2 * section.indent;
  const lines: string[] = [];
  if (section.title) {
    lines.push(centered(section.title, width));
    if (section.headers.length === 0 && section.rows.length === 0) lines.push(`+${'-'.repeat(width - 2)}+`);
  }
  if (section.headers.length > 0) {
    const widths = columnWidths(section, width);
    lines.push(lineBreak(widths));
    lines.push(
      section.headers
        .slice(0, widths.length)
        .map((header, index) => centered(header, widths[index]!, index === 0 ? '|' : ''))
        .join(''),
    );
  }
  const widths = section.rows.length > 0 ? columnWidths(section, width) : [];
  if (widths.length > 0) {
    lines.push(lineBreak(widths));
    for (const row of section.rows)
      lines.push(
        row
          .slice(0, widths.length)
          .map((cell, index) => leftAligned(cell, widths[index]!, index === 0 ? '|' : '', '|'))
          .join(''),
      );
    lines.push(lineBreak(widths));
  }
  const edge = '|'.repeat(section.indent);
  return lines.map((line) => `${edge}${line}${edge}\n`);
};

/**
 * What `--output table` prints for a parsed response: a section per structure, titled with the key it sits under
 * (`title` at the top), turned into key/value rows when it would be wider than the terminal.
 *
 * @example
 * ```ts
 * formatTable('AdminGetUser', { Username: 'zoe' }, 80);
 * ```
 */
const formatTable = (title: string, response: JsonValue, terminalWidth: number): string => {
  let sections: Section[] = [];
  if (!buildTable(sections)(title, response, 0)) return '';
  let width = Math.max(...sections.map(sectionWidth));
  if (width > terminalWidth) {
    sections = sections.map(vertical);
    width = Math.max(...sections.map(sectionWidth));
  }
  return `${'-'.repeat(width)}\n${sections.flatMap((section) => renderSection(section, width)).join('')}`;
};

export { formatTable };
