import { describe, expect, it } from 'vitest';
import { diffDeclarations } from '../../electron/core/pipelines/diff.ts';
import { MAX_SEGMENT, pathSegment } from '../../shared/path-segment.ts';

describe('a name as a change path holds it', () => {
  it('is whole up to 200 characters', () => {
    expect(MAX_SEGMENT).toBe(200);
    expect(pathSegment('Build')).toBe('Build');
    expect(pathSegment('b'.repeat(200))).toBe('b'.repeat(200));
  });

  it('is cut at 200 characters past them, with an ellipsis', () => {
    expect(pathSegment('b'.repeat(201))).toBe(`${'b'.repeat(200)}…`);
    expect(pathSegment(`${'b'.repeat(200)}-and-the-rest`)).toBe(`${'b'.repeat(200)}…`);
  });

  it('escapes the brackets that end a name in a path, and the backslash that escapes them', () => {
    expect(pathSegment('Build].actions[Deploy')).toBe('Build\\].actions[Deploy');
    expect(pathSegment('a\\b')).toBe('a\\\\b');
    expect(pathSegment(`${'b'.repeat(199)}]]`)).toBe(`${'b'.repeat(199)}\\]…`);
  });

  it('is what the diff writes into the path of a change to a stage of a long name', () => {
    const stage = `Build-${'x'.repeat(300)}`;
    const declaration = (project: string) => ({
      name: 'release',
      stages: [{ name: stage, actions: [{ name: 'Compile', configuration: { ProjectName: project } }] }],
    });
    const [change] = diffDeclarations(declaration('one'), declaration('two')).changes;
    expect(change?.path).toBe(`stages[${pathSegment(stage)}].actions[Compile].configuration.ProjectName`);
  });
});
