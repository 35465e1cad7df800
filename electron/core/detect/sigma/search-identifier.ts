import { fieldTarget } from './field-map.ts';
import { readFieldKey } from './modifiers.ts';
import { refuse } from './refusal.ts';
import { type CompiledField, compileField } from './value-match.ts';
import { isYamlMap, type YamlMap, type YamlValue } from './yaml-documents.ts';

/**
 * One search identifier (a selection) as SQL: a map is its fields linked with AND, a list of
 * maps those maps linked with OR. A list of plain values is a keyword search, matched anywhere
 * in the event; it is refused, since it would mean scanning the raw text of every record.
 */
export function compileSearch(name: string, search: YamlValue): CompiledField {
  if (isYamlMap(search)) return compileMap(name, search);
  if (Array.isArray(search) && search.length > 0 && search.every(isYamlMap)) {
    const maps = search.map((map) => compileMap(name, map));
    return {
      sql: maps.length === 1 ? maps[0]!.sql : `(${maps.map((m) => m.sql).join(' OR ')})`,
      regexes: maps.flatMap((m) => m.regexes),
    };
  }
  if (Array.isArray(search) && search.length === 0) refuse(`search identifier ${name} is an empty list.`);
  refuse(
    `search identifier ${name} is a keyword search (values matched anywhere in the event), which Trailscope does not run since it would scan every raw record; match named fields instead.`,
  );
}

function compileMap(name: string, map: YamlMap): CompiledField {
  const entries = Object.entries(map);
  if (entries.length === 0) refuse(`search identifier ${name} is an empty map.`);
  const fields = entries.map(([key, value]) => {
    const { field, modifiers } = readFieldKey(key);
    return compileField(field, fieldTarget(field), modifiers, value);
  });
  return {
    sql: fields.length === 1 ? fields[0]!.sql : `(${fields.map((f) => f.sql).join(' AND ')})`,
    regexes: fields.flatMap((f) => f.regexes),
  };
}
