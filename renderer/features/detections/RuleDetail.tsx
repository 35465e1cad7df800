import { useEffect, useRef, useState } from 'react';
import { attackTactics, attackTechnique } from '../../../shared/attack-techniques.ts';
import type { DetectionRule } from '../../../shared/model/detection.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { ClippedText } from '../../components/ClippedText.tsx';
import { count } from '../../components/numbers.ts';
import { ShowMore } from '../../components/ShowMore.tsx';
import { CopySql } from './CopySql.tsx';
import { HitTable } from './HitTable.tsx';
import { RemoveRule } from './RemoveRule.tsx';
import { SeverityBadge } from './SeverityBadge.tsx';

interface RuleDetailProps {
  rule: DetectionRule;
  version: number;
  hitOffset: number;
  onHitOffset: (offset: number) => void;
  /** Every hit's events when `hit` is absent. */
  onShowEvents: (hit?: number) => void;
  onRemoved: () => void;
  onClose: () => void;
}

const tacticName = (id: string) => attackTactics.find((t) => t.id === id)?.name ?? id;
/** The pack's descriptions run to about 600 characters; a Sigma author's, to the 256 KiB of its file. */
const TEXT_CHARS = 2000;
/** Techniques listed at first: a Sigma rule may tag thousands. */
const TECHNIQUES = 20;
const MORE_TECHNIQUES = 200;

/** One rule whole: what it finds and why, its techniques, its SQL, and its hits. */
export function RuleDetail({
  rule,
  version,
  hitOffset,
  onHitOffset,
  onShowEvents,
  onRemoved,
  onClose,
}: RuleDetailProps) {
  const { detection, result } = rule;
  const panel = useRef<HTMLElement>(null);
  const [techniques, setTechniques] = useState(TECHNIQUES);
  // Opened from far down the list, or below it on a narrow window, the rule comes into sight.
  useEffect(() => {
    const top = panel.current?.getBoundingClientRect().top ?? 0;
    if (top < 0 || top > window.innerHeight * 0.8)
      panel.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, []);
  return (
    <section ref={panel} className="panel rule-detail" aria-labelledby="rule-detail-title" data-testid="rule-detail">
      <header className="rule-detail-head">
        <SeverityBadge severity={detection.severity} />
        <h2 id="rule-detail-title">{visibleText(detection.title)}</h2>
        <button type="button" className="link small" onClick={onClose} aria-label="Close the rule">
          Close
        </button>
      </header>
      <dl className="summary rule-facts">
        <div className="rule-id-fact">
          <dt>Id</dt>
          <dd>
            <code>{detection.id}</code>
          </dd>
        </div>
        <div>
          <dt>Origin</dt>
          <dd data-testid="rule-origin">
            {detection.origin === 'pack'
              ? 'Trailscope’s detection pack'
              : `Sigma rule imported into this case from ${visibleText(rule.source_name ?? 'a file')}`}
          </dd>
        </div>
        <div>
          <dt>Family</dt>
          <dd>{detection.family}</dd>
        </div>
        <div>
          <dt>Latest result</dt>
          <dd data-testid="rule-result">
            {result === null
              ? 'not run on this case yet'
              : result.error !== null
                ? `failed in run ${result.run_id}`
                : `${count(result.hit_total)} ${result.hit_total === 1 ? 'hit' : 'hits'} in run ${result.run_id} (${Math.round(result.duration_ms).toLocaleString('en-US')} ms)`}
          </dd>
        </div>
      </dl>
      {result?.error && (
        <pre className="query-error error rule-error" role="alert">
          {visibleText(result.error)}
        </pre>
      )}
      <h3>ATT&amp;CK</h3>
      {detection.attack.length === 0 ? (
        <p className="muted">The rule names no technique.</p>
      ) : (
        <ul className="rule-techniques">
          {detection.attack.slice(0, techniques).map((id) => {
            const technique = attackTechnique(id);
            return (
              <li key={id}>
                <code>{id}</code>{' '}
                {technique ? (
                  <>
                    {technique.name} <span className="muted">({technique.tactics.map(tacticName).join(', ')})</span>
                  </>
                ) : (
                  <span className="muted">not in Trailscope’s ATT&amp;CK catalogue</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <ShowMore
        hidden={detection.attack.length - techniques}
        step={MORE_TECHNIQUES}
        what="techniques"
        onShow={() => setTechniques((n) => n + MORE_TECHNIQUES)}
      />
      <h3>What it finds</h3>
      <p className="rule-text">
        <ClippedText text={detection.description} max={TEXT_CHARS} />
      </p>
      <h3>False positives</h3>
      <p className="rule-text">
        <ClippedText text={detection.false_positives} max={TEXT_CHARS} />
      </p>
      <details className="rule-sql">
        <summary>SQL</summary>
        <pre className="evidence-sql" data-testid="rule-sql">
          <code>{visibleText(detection.sql)}</code>
        </pre>
        <div className="actions">
          <CopySql sql={detection.sql} />
          <span className="muted small">
            {detection.origin === 'pack'
              ? 'The SQL console lists this rule under Hunts, to run or change.'
              : 'Paste it into the SQL console to run or change it.'}
          </span>
        </div>
      </details>
      {detection.origin === 'sigma' && <RemoveRule detection={detection} onRemoved={onRemoved} />}
      <h3>Hits</h3>
      {result === null ? (
        <p className="muted">This rule has not run on this case yet: run the detections.</p>
      ) : result.error !== null ? (
        <p className="muted">The rule failed in its latest run, so it has no hits to show.</p>
      ) : result.hit_total === 0 ? (
        <p className="muted">No hit in its latest run.</p>
      ) : (
        <>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => onShowEvents()}>
              Show all events of this rule
            </button>
          </div>
          <HitTable
            rule={rule}
            version={version}
            offset={hitOffset}
            onOffset={onHitOffset}
            onShowEvents={(hit) => onShowEvents(hit)}
          />
        </>
      )}
    </section>
  );
}
