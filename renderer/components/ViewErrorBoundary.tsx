import { Component, type ErrorInfo, type ReactNode } from 'react';
import { messageOf } from '../../shared/api/errors.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { middleClip } from './middle-clip.ts';

/** Enough of a message to recognize it; the rest goes to the developer console. */
const SHOWN_MESSAGE_CHARS = 500;

interface Props {
  /** What failed, as the analyst names it: "The Explorer view". */
  what: string;
  /** A value that, when it changes, draws a failed view again: the case read afresh after an ingest. */
  resetOn?: unknown;
  children: ReactNode;
}

interface State {
  error: unknown;
  failed: boolean;
}

/**
 * A view that throws while drawing takes down only itself. Without this, React unmounts the
 * whole app on an error in any component, and a record shaped as no test foresaw would leave
 * the analyst a blank window with the case's other views out of reach. Switching views remounts
 * it (a `key`); "Draw it again", or a change of `resetOn`, draws the failed view again in place.
 */
export class ViewErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, failed: false };

  static getDerivedStateFromError(error: unknown): State {
    return { error, failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`${this.props.what} failed to draw`, error, info.componentStack);
  }

  override componentDidUpdate(previous: Props): void {
    if (this.state.failed && !Object.is(previous.resetOn, this.props.resetOn))
      this.setState({ error: null, failed: false });
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="app-main">
        <section className="panel" role="alert">
          <h2>{this.props.what} failed to draw</h2>
          <p className="error">{shownMessage(this.state.error)}</p>
          <p className="muted">
            The case is untouched, and the other views still work. The developer console has the details.
          </p>
          <button type="button" onClick={() => this.setState({ error: null, failed: false })}>
            Draw it again
          </button>
        </section>
      </main>
    );
  }
}

/** An error as text, however it was thrown: a thrown object whose text itself throws is named so. */
function shownMessage(error: unknown): string {
  let message: string;
  try {
    message = middleClip(messageOf(error), SHOWN_MESSAGE_CHARS);
  } catch {
    message = 'an error that cannot be written as text';
  }
  return middleClip(visibleText(message), SHOWN_MESSAGE_CHARS);
}
