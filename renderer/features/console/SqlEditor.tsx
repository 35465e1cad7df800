import {
  type Completion,
  type CompletionContext,
  type CompletionResult,
  closeCompletion,
} from '@codemirror/autocomplete';
import { PostgreSQL, sql } from '@codemirror/lang-sql';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorSelection } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import type { JsonPath, QuerySchema } from '../../../shared/model/query.ts';
import { plural } from '../../components/numbers.ts';

export interface EditorHandle {
  text(): string;
  setText(text: string): void;
  /** Puts the cursor on a 1-based line (and column), as DuckDB's errors name them. */
  goTo(line: number, column?: number): void;
}

interface SqlEditorProps {
  initial: string;
  schema: QuerySchema | null;
  onRun: () => void;
  onChange: (text: string) => void;
  handle: (handle: EditorHandle) => void;
}

/** Follows the app's colours, so the light and dark themes need nothing of their own here. */
const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--panel)', color: 'var(--text)', fontSize: '13px', height: '100%' },
  '.cm-content': { fontFamily: 'ui-monospace, monospace', caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 8%, transparent)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 25%, transparent)',
  },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 30%, var(--panel))',
    color: 'var(--text)',
  },
  '.cm-completionDetail': { color: 'var(--muted)' },
});

/**
 * Token colours from the stylesheet (`--sql-…`), set for each theme: CodeMirror's own are
 * for a light page, and its dark purple keywords could not be read on the dark one.
 */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword, tags.modifier], color: 'var(--sql-keyword)', fontWeight: '600' },
  { tag: [tags.typeName, tags.standard(tags.name)], color: 'var(--sql-type)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--sql-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--sql-number)' },
  { tag: [tags.lineComment, tags.blockComment, tags.comment], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [tags.special(tags.name), tags.propertyName], color: 'var(--sql-name)' },
  { tag: [tags.operator, tags.punctuation, tags.paren, tags.bracket], color: 'var(--text)' },
]);

/** SQL with completion of the case's tables and columns, and of the JSON paths its records use. */
export function SqlEditor({ initial, schema, onRun, onChange, handle }: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const latest = useRef({ onRun, onChange });
  latest.current = { onRun, onChange };

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      doc: initial,
      extensions: [
        keymap.of([
          {
            key: 'Mod-Enter',
            preventDefault: true,
            run: (target) => {
              // The query runs: a completion offered for the text typed last is no longer wanted.
              closeCompletion(target);
              latest.current.onRun();
              return true;
            },
          },
        ]),
        basicSetup,
        language.current.of(sqlSupport(null)),
        theme,
        syntaxHighlighting(highlight),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) latest.current.onChange(update.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'SQL' }),
      ],
    });
    view.current = editor;
    handle({
      text: () => editor.state.doc.toString(),
      setText: (text) => editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } }),
      goTo: (line, column = 1) => {
        const target = editor.state.doc.line(Math.min(Math.max(line, 1), editor.state.doc.lines));
        const at = Math.min(target.from + Math.max(column - 1, 0), target.to);
        editor.dispatch({ selection: EditorSelection.cursor(at), scrollIntoView: true });
        editor.focus();
      },
    });
    return () => editor.destroy();
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: language.current.reconfigure(sqlSupport(schema)) });
  }, [schema]);

  return <div className="sql-editor" ref={host} />;
}

function sqlSupport(schema: QuerySchema | null) {
  const tables = Object.fromEntries(
    (schema?.tables ?? []).map((t) => [
      t.name,
      t.columns.map((c) => ({ label: c.name, detail: c.type, type: 'property' })),
    ]),
  );
  const support = sql({ dialect: PostgreSQL, schema: tables, defaultTable: 'events', upperCaseKeywords: true });
  return [support, support.language.data.of({ autocomplete: jsonPathCompletions(schema) })];
}

/**
 * After `request_parameters` (or another JSON column) and `->>'$.`, `->'$.` or `.`, offers the
 * paths the case's records use, keys inside arrays as `[*]`, the most widely used first,
 * written as DuckDB's `->>'$.path'` (a quote in a key doubled, as SQL wants it).
 */
function jsonPathCompletions(schema: QuerySchema | null) {
  const byColumn = new Map<string, JsonPath[]>();
  for (const entry of schema?.json_paths ?? [])
    byColumn.set(entry.column, [...(byColumn.get(entry.column) ?? []), entry]);
  return (context: CompletionContext): CompletionResult | null => {
    const match = context.matchBefore(/([a-z_]+)(->>?'\$\.|\.)[\w.[\]*]*$/);
    if (!match) return null;
    const [, column, joint] = /^([a-z_]+)(->>?'\$\.|\.)/.exec(match.text)!;
    const paths = byColumn.get(column!);
    if (!paths) return null;
    const columnEnd = match.from + column!.length;
    const options: Completion[] = paths.map((entry, rank) => ({
      label: entry.path.slice(2),
      detail: pathDetail(entry),
      type: 'variable',
      // Above the SQL words completed at the same place (`access_key_id` after `[*].ac`), most used first.
      boost: 90 - (80 * rank) / paths.length,
      apply: (view, _completion, _from, to) => {
        const closing = view.state.sliceDoc(to, to + 1) === "'" ? 1 : 0;
        const literal = entry.path.replaceAll("'", "''");
        view.dispatch({ changes: { from: columnEnd, to: to + closing, insert: `->>'${literal}'` } });
      },
    }));
    return { from: columnEnd + joint!.length, options, validFor: /^[\w.[\]*]*$/ };
  };
}

/** Where a path is used: "in AuthorizeSecurityGroupIngress", or "in 12 kinds of event". */
function pathDetail(entry: JsonPath): string {
  return `in ${entry.kinds === 1 ? entry.event_name : plural(entry.kinds, 'kind of event', 'kinds of event')}`;
}
