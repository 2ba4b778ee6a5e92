/** A value `toYaml` writes: JSON-like data. */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

function scalar(value: string | number | boolean | null): string {
  // JSON's double-quoted strings are valid YAML scalars, so no string is misread as a number or bool.
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function isEmpty(value: YamlValue): boolean {
  return Array.isArray(value) ? value.length === 0 : value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}

function lines(value: YamlValue, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (item === null || typeof item !== 'object' || isEmpty(item)) return [`${indent}- ${isEmpty(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item as string)}`];
      const [first = '', ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      if (item === null || typeof item !== 'object') return [`${indent}${key}: ${scalar(item)}`];
      if (isEmpty(item)) return [`${indent}${key}: ${Array.isArray(item) ? '[]' : '{}'}`];
      return [`${indent}${key}:`, ...lines(item, `${indent}  `)];
    });
  }
  return [`${indent}${scalar(value)}`];
}

/** Block-style YAML of JSON-like data (keys must be plain identifiers), ending with a newline. */
export function toYaml(value: YamlValue): string {
  return `${lines(value, '').join('\n')}\n`;
}
